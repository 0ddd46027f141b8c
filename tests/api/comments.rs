//! The comments page over HTTP: each comment with the scores given with it, filtered to the
//! negative ones, to a counter and to a period; the dashboard's latest comments the same way.

use sipas::db::counters::CounterInfo;
use sipas::domain::UnitKind;
use sipas::domain::account::Role;

use crate::helpers::{TestApp, account, session, spawn_app_with};

async fn comment(app: &TestApp, counter: &CounterInfo, scores: &str, text: &str) {
    let (_, k, v) = app.open_survey(counter).await;
    let body = format!("k={k}&v={v}&lang=vi&{scores}&comment={}", url_encode(text));
    let response = app.post_form(&app.survey_url(counter), body).await;
    assert_eq!(response.status(), 303);
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn comments_show_their_scores_and_filter_to_the_negative_a_counter_and_a_period() {
    let app = spawn_app_with(|config| {
        config.guards.min_answer_time = std::time::Duration::ZERO;
    })
    .await;
    app.unit("T01", "Tỉnh Thử Nghiệm", UnitKind::Province, None)
        .await;
    app.unit("T01.TT", "Trung tâm", UnitKind::ServicePoint, Some("T01"))
        .await;
    let quick = app.counter_of("T01.TT", "Quầy 1", "sipas-quick").await;
    let other = app.counter_of("T01.TT", "Quầy 2", "sipas-quick").await;
    comment(&app, &quick, "q1=5&q2=5&q3=5&q4=5&q5=5", "Rất tốt, cảm ơn").await;
    comment(
        &app,
        &quick,
        "q1=2&q2=4&q3=5&q4=5&q5=4",
        "Chờ lâu quá, gọi 0912345678",
    )
    .await;
    comment(&app, &other, "q1=4&q2=4&q3=4&q4=4&q5=4", "Quầy 2 ổn").await;

    let password = account(&app, "xem", Role::Viewer, Some("T01")).await;
    let staff = session(&app, "xem", &password).await;
    let page = |query: String| {
        let staff = staff.clone();
        let app = &app;
        async move {
            let response = app
                .staff_get(&staff, &format!("/admin/units/T01/comments{query}"))
                .await;
            assert_eq!(response.status(), 200);
            response.text().await.unwrap()
        }
    };
    let all = page(String::new()).await;
    assert_eq!(all.matches("<article").count(), 3);
    // Newest first, with the scores given, labelled; the unsatisfied one marked; contacts masked.
    let waited = all.find("Chờ lâu quá").unwrap();
    assert!(all.find("Quầy 2 ổn").unwrap() < waited);
    assert!(waited < all.find("Rất tốt, cảm ơn").unwrap());
    assert!(!all.contains("0912345678"));
    assert!(all.contains(
        "<li class=\"unsatisfied\"><span class=\"scored\">Tiếp cận dịch vụ: </span><b>2 – Không hài lòng</b></li>"
    ));
    assert!(all.contains("Có đánh giá chưa hài lòng"));

    let negative = page("?negative=1".into()).await;
    assert_eq!(negative.matches("<article").count(), 1);
    assert!(negative.contains("Chờ lâu quá"));
    assert!(negative.contains("name=\"negative\" value=\"1\" checked"));

    let one_counter = page(format!("?counter={}", other.id)).await;
    assert_eq!(one_counter.matches("<article").count(), 1);
    assert!(one_counter.contains("Quầy 2 ổn"));
    // A counter of no unit of the page is no filter: every comment.
    assert_eq!(
        page("?counter=99999".into())
            .await
            .matches("<article")
            .count(),
        3
    );

    // Last year: none. A period that is not one: said, and this year shown.
    assert!(
        page("?period=2020".into())
            .await
            .contains("Không có góp ý nào")
    );
    let wrong = page("?period=2025-Q9".into()).await;
    assert!(wrong.contains("role=\"alert\""));
    assert_eq!(wrong.matches("<article").count(), 3);

    // The dashboard's latest comments carry their scores too, and lead to this page.
    let dashboard = app
        .staff_get(&staff, "/admin/units/T01")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(dashboard.matches("<article").count(), 3);
    assert!(dashboard.contains("<b>2 – Không hài lòng</b>"));
    assert!(dashboard.contains("href=\"/admin/units/T01/comments?"));
}

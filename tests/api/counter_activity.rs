//! Each counter's activity on the counters page, on the server's clock: responses today and
//! this month, the time of the last one, and a mark on a counter silent for working days while
//! the other counters of its unit get responses; a new code starts the count again.

use sipas::clock::Clock;
use sipas::db::counters::CounterInfo;
use sipas::domain::UnitKind;
use sipas::domain::account::Role;
use time::macros::datetime;

use crate::helpers::{TestApp, account, hidden_value, session, spawn_app_with};

async fn rate(app: &TestApp, counter: &CounterInfo) {
    let (_, k, v) = app.open_survey(counter).await;
    let body = format!("k={k}&v={v}&lang=vi&q1=5&q2=5&q3=5&q4=5&q5=5");
    let response = app.post_form(&app.survey_url(counter), body).await;
    assert_eq!(response.status(), 303);
}

/// The text of counter `id`'s card.
fn card(html: &str, id: i32) -> &str {
    let start = html
        .find(&format!("id=\"c{id}\""))
        .unwrap_or_else(|| panic!("no card c{id}"));
    let end = start + html[start..].find("</section>").unwrap();
    &html[start..end]
}

#[tokio::test]
async fn a_counter_silent_while_its_unit_is_not_is_marked_until_it_gets_a_new_code() {
    // Monday 16/11/2026, 10:00 in Vietnam: the counters go up.
    let clock = Clock::starting_at(datetime!(2026-11-16 03:00 UTC));
    let server_clock = clock.clone();
    let app = spawn_app_with(move |config| {
        config.guards.min_answer_time = std::time::Duration::ZERO;
        config.clock = server_clock;
    })
    .await;
    app.unit("T01", "Tỉnh Thử Nghiệm", UnitKind::Province, None)
        .await;
    app.unit("T01.TT", "Trung tâm", UnitKind::ServicePoint, Some("T01"))
        .await;
    let added = clock.now();
    let a = app
        .counter_of_at("T01.TT", "Quầy A", "sipas-quick", added)
        .await;
    let b = app
        .counter_of_at("T01.TT", "Quầy B", "sipas-quick", added)
        .await;
    let c = app
        .counter_of_at("T01.TT", "Quầy C", "sipas-quick", added)
        .await;
    // Tuesday 17/11: A and B answered. Monday 30/11 and Tuesday 01/12, 09:00: A only.
    clock.set(datetime!(2026-11-17 03:00 UTC));
    rate(&app, &a).await;
    rate(&app, &b).await;
    clock.set(datetime!(2026-11-30 03:00 UTC));
    rate(&app, &a).await;
    // 06:30 and 09:00 on 01/12 in Vietnam: the first is 23:30 UTC on 30/11, still today here.
    clock.set(datetime!(2026-11-30 23:30 UTC));
    rate(&app, &a).await;
    clock.set(datetime!(2026-12-01 02:00 UTC));
    rate(&app, &a).await;
    clock.set(datetime!(2026-12-01 03:00 UTC));

    let password = account(&app, "quanly", Role::Manager, Some("T01")).await;
    let staff = session(&app, "quanly", &password).await;
    let page = || async {
        app.staff_get(&staff, "/admin/units/T01.TT/counters")
            .await
            .text()
            .await
            .unwrap()
    };
    let html = page().await;
    let a_card = card(&html, a.id);
    assert!(
        a_card.contains("Hôm nay: <strong>2</strong> · Tháng này: <strong>2</strong>"),
        "{a_card}"
    );
    assert!(a_card.contains("Phiếu gần nhất: <strong>01/12/2026 09:00</strong>"));
    assert!(!a_card.contains("class=\"warning\""));
    // B: 18/11 … 30/11 is 9 working days; C never answered since 16/11: 10.
    let b_card = card(&html, b.id);
    assert!(b_card.contains("Phiếu gần nhất: <strong>17/11/2026 10:00</strong>"));
    assert!(
        b_card.contains("Không có phiếu nào trong 9 ngày làm việc"),
        "{b_card}"
    );
    let c_card = card(&html, c.id);
    assert!(c_card.contains("Phiếu gần nhất: chưa có"));
    assert!(c_card.contains("trong 10 ngày làm việc"), "{c_card}");
    // Named at the top of the page, with links to their cards.
    assert!(html.contains(&format!("href=\"#c{}\">Quầy B</a>", b.id)));
    assert!(html.contains(&format!("href=\"#c{}\">Quầy C</a>", c.id)));

    // A new code for B (a new poster is going up): its silence counts from today.
    let csrf = hidden_value(&html, "csrf");
    let rotated = app
        .client
        .post(format!("{}/admin/counters/{}/rotate", app.address, b.id))
        .header("cookie", format!("sipas_session={staff}"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(rotated.status(), 303);
    let html = page().await;
    assert!(!card(&html, b.id).contains("class=\"warning\""));
    assert!(card(&html, c.id).contains("class=\"warning\""));
}

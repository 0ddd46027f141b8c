//! The unit dashboard over HTTP: the same figures as `sipas export`, the chart's numbers, the
//! download, and the account's scope.

use sipas::domain::account::Role;

use crate::figures::{export, fixture};
use crate::helpers::{account, session};

#[tokio::test]
async fn the_dashboard_shows_the_figures_of_the_export() {
    let app = fixture().await;
    let password = account(&app, "tinh.p", Role::Viewer, Some("P")).await;
    let token = session(&app, "tinh.p", &password).await;
    let response = app
        .staff_get(&token, "/admin/units/P?period=2025-Q1&method=pooled")
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    // The province as a whole: 40/213 = 18,78% over 95 respondents, +18,78 points on 2024-Q4.
    assert!(html.contains("18,78%"), "SIPAS index");
    assert!(html.contains("Số phiếu: 95 · Số ý kiến hợp lệ: 213"));
    assert!(html.contains("Tăng/giảm (điểm %): +18,78"));
    assert!(html.contains("01/01/2025 – 31/03/2025"));
    // Access over the province: 8/170 = 4,71%.
    assert!(html.contains("4,71%"));
    // Children ranked as in the export (min sample 30: only C ranked), linked to their pages.
    assert!(
        html.contains("href=\"/admin/units/P.C?period=2025-Q1&amp;method=pooled&amp;lang=vi\"")
    );
    assert!(html.contains("Chưa đủ mẫu"));
    assert!(html.contains("73,68%") && html.contains("0,63%"));
    // Departments and communes are ranked apart, each group under its heading, the department
    // first; the heading says so.
    let department = html.find(">Sở, ban, ngành</th>").expect("department group");
    let commune = html
        .find(">Xã, phường, đặc khu</th>")
        .expect("commune group");
    assert!(department < html.find("Sở Công Thương</a>").unwrap());
    assert!(department < commune && commune < html.find("Xã An</a>").unwrap());
    assert!(html.contains("Mỗi nhóm xếp hạng riêng"));
    // The overall question has a row of its own (B2's 2 of 3, E's 2 of 2 → 80,00% of 5), and the
    // note says how the headline adds up.
    let overall = html
        .find("Câu hỏi đánh giá chung (một chạm)</th>")
        .expect("overall row");
    assert!(html[overall..].starts_with(
        "Câu hỏi đánh giá chung (một chạm)</th><td class=\"nowrap\">80,00%</td><td>5</td>"
    ));
    assert!(html.contains("kể cả câu hỏi đánh giá chung"));

    // The download is the export's CSV for the same unit and period (but for its time stamp).
    let download = app
        .staff_get(
            &token,
            "/admin/units/P/export?format=csv&period=2025-Q1&method=pooled",
        )
        .await;
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("sipas-P-2025-Q1.csv")
    );
    let from_web = download.text().await.unwrap();
    let from_cli = export(
        &app,
        &["--unit", "P", "--period", "2025-Q1", "--format", "csv"],
    );
    let without_time = |csv: &str| {
        csv.lines()
            .filter(|l| !l.starts_with("Lập lúc"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_time(&from_web), without_time(&from_cli));
}

#[tokio::test]
async fn the_trend_chart_carries_its_numbers() {
    let app = fixture().await;
    let password = account(&app, "tinh.p", Role::Viewer, Some("P")).await;
    let token = session(&app, "tinh.p", &password).await;
    let html = app
        .staff_get(&token, "/admin/units/P?period=2025-03")
        .await
        .text()
        .await
        .unwrap();
    // Twelve months ending March 2025; February holds 38/211 = 18,01%.
    let chart = &html[html.find("<div class=\"trend\"").unwrap()..];
    let chart = &chart[..chart.find("</div>").unwrap()];
    assert!(chart.contains("role=\"img\""));
    assert!(chart.contains("02/2025: 18,01%"));
    assert!(chart.contains("04/2024: –"));
    // Points for December 2024 (E's one rating of 1: 0,00%), January, February and March 2025,
    // each labelled; no month runs on, so none is drawn hollow.
    assert!(chart.contains("12/2024: 0,00%"));
    assert_eq!(chart.matches("<circle").count(), 4);
    assert!(chart.contains(">18,01%</text>"));
    assert!(!chart.contains("fill=\"#fff\""));
    // Months are labelled short enough for a phone (4 … 3), their span written under the chart.
    assert!(chart.contains(">4</text>") && chart.contains(">3</text>"));
    assert!(html.contains("Tháng: 04/2024 – 03/2025"));
    // The same numbers in a table beside the chart.
    assert!(html.contains("<td>02/2025</td><td>18,01%</td><td>93</td>"));
}

/// The cells of one weekday's row in the hour × weekday table.
fn week_row(html: &str, day: &str) -> Vec<u64> {
    let start = html
        .find(&format!("<tr><th scope=\"row\">{day}</th>"))
        .unwrap();
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    row.split("<td>")
        .skip(1)
        .map(|cell| cell.trim_end_matches("</td>").parse().unwrap())
        .collect()
}

#[tokio::test]
async fn the_hour_by_weekday_chart_counts_respondents_in_local_time() {
    let app = fixture().await;
    let password = account(&app, "tinh.p", Role::Viewer, Some("P")).await;
    let token = session(&app, "tinh.p", &password).await;
    // Whole months (the monthly hour tally): 93 respondents on Monday 10/02/2025 at 10:00
    // local (03:00 UTC); E's at 00:00 on Wednesday 1 January and 23:59 on Monday 31 March.
    let html = app
        .staff_get(&token, "/admin/units/P?period=2025-Q1")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Số người trả lời theo giờ và thứ trong tuần"));
    assert!(html.contains("<th scope=\"col\">00h</th>") && html.contains(">23h</th>"));
    let monday = week_row(&html, "T2");
    assert_eq!(monday.len(), 24);
    assert_eq!(
        (monday[10], monday[23], monday.iter().sum::<u64>()),
        (93, 1, 94)
    );
    let wednesday = week_row(&html, "T4");
    assert_eq!((wednesday[0], wednesday.iter().sum::<u64>()), (1, 1));
    assert_eq!(week_row(&html, "CN").iter().sum::<u64>(), 0);
    // The busiest cell is the darkest, with its count as a tooltip.
    assert!(html.contains("fill-opacity=\"1.00\"><title>T2 10h: 93 người trả lời</title>"));

    // Edge days (the daily hour tally), in English: only the hours with respondents are drawn.
    let html = app
        .staff_get(
            &token,
            "/admin/units/P?period=2025-02-01..2025-03-31&lang=en",
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Respondents by hour and weekday"));
    let monday = week_row(&html, "Mon");
    assert_eq!(monday.len(), 14, "10h … 23h");
    assert_eq!((monday[0], monday[13]), (93, 1));
    assert_eq!(week_row(&html, "Wed").iter().sum::<u64>(), 0);

    // A period without responses says so.
    let html = app
        .staff_get(&token, "/admin/units/P?period=2023")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Chưa có phản hồi trong kỳ này."));
}

#[tokio::test]
async fn pages_outside_the_scope_are_not_found() {
    let app = fixture().await;
    let password = account(&app, "xa.an", Role::Viewer, Some("P.A")).await;
    let token = session(&app, "xa.an", &password).await;
    assert_eq!(
        app.staff_get(&token, "/admin/units/P.A?period=2025-Q1")
            .await
            .status(),
        200
    );
    assert_eq!(
        app.staff_get(&token, "/admin/units/P.A.TT?period=2025-Q1")
            .await
            .status(),
        200
    );
    for path in [
        "/admin/units/P",
        "/admin/units/P.B",
        "/admin/units/P/export?format=csv&period=2025",
        "/admin/units/NOPE",
    ] {
        assert_eq!(app.staff_get(&token, path).await.status(), 404, "{path}");
    }
    // Without a session: to the sign-in page.
    let response = app.get(&format!("{}/admin/units/P.A", app.address)).await;
    assert_eq!(response.status(), 303);
    // A bad period is said, in Vietnamese, and this year is shown instead.
    let html = app
        .staff_get(&token, "/admin/units/P.A?period=2025-Q9")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("kỳ «2025-Q9» không hợp lệ"));
}

/// English chosen once with `?lang=en` stays English on every staff page the links lead to,
/// though the links do not carry it; `?lang=vi` switches back.
#[tokio::test]
async fn a_language_chosen_on_a_staff_page_stays_chosen() {
    let app = fixture().await;
    let password = account(&app, "tinh.p", Role::Viewer, Some("P")).await;
    let token = session(&app, "tinh.p", &password).await;
    let get = |path: &str, cookie: String| {
        let app = &app;
        let url = format!("{}{path}", app.address);
        async move {
            app.client
                .get(url)
                .header("cookie", cookie)
                .header("accept-language", "vi")
                .send()
                .await
                .unwrap()
        }
    };
    let session_only = format!("sipas_session={token}");
    let chosen = get("/admin?lang=en", session_only.clone()).await;
    let remembered = chosen
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sipas_lang=en"))
        .expect("the choice is remembered")
        .to_owned();
    assert!(remembered.contains("Path=/admin"), "{remembered}");
    let with_choice = format!("{session_only}; sipas_lang=en");
    let html = get("/admin/units/P", with_choice.clone())
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\""), "English kept");
    // Without the cookie, the browser's Vietnamese.
    let html = get("/admin/units/P", session_only)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"vi\""));
    // `?lang=vi` wins over the cookie, and is remembered in turn.
    let back = get("/admin/units/P?lang=vi", with_choice).await;
    assert!(
        back.headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("sipas_lang=vi"))
    );
    assert!(back.text().await.unwrap().contains("<html lang=\"vi\""));
}

#[tokio::test]
async fn a_custom_range_is_chosen_with_two_date_fields() {
    let app = fixture().await;
    let password = account(&app, "tinh.p", Role::Viewer, Some("P")).await;
    let token = session(&app, "tinh.p", &password).await;
    let html = app
        .staff_get(
            &token,
            "/admin/units/P?from=2025-01-01&to=2025-03-31&method=pooled",
        )
        .await
        .text()
        .await
        .unwrap();
    // The same days as 2025-Q1: the same figures, and the fields keep the range.
    assert!(html.contains("01/01/2025 – 31/03/2025"), "{html}");
    assert!(html.contains("18,78%"));
    assert!(html.contains("name=\"from\" value=\"2025-01-01\""));
    assert!(html.contains("name=\"to\" value=\"2025-03-31\""));
    // A range the wrong way round is said, not shown as something else silently.
    let wrong = app
        .staff_get(&token, "/admin/units/P?from=2025-03-31&to=2025-01-01")
        .await
        .text()
        .await
        .unwrap();
    assert!(wrong.contains("role=\"alert\""));
}

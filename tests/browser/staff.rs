//! Staff at a 1366×768 desktop: sign in, the dashboard's chart and figures (the export's), a
//! counter's code rotated with the button, and its poster opened for printing.

use serde_json::Value;
use sipas::db::counters::CounterInfo;
use sipas::domain::account::Role;

use crate::browser::{Browser, decode_qr};
use crate::helpers::{TestApp, account, spawn_app, stdout};
use crate::posters::{print_pdf, qr_pages};

/// Signs in through the login form, as a person types it, and lands on `landing`: the home page
/// for an admin, the unit's dashboard for a manager or viewer of one unit.
pub async fn sign_in(
    browser: &Browser,
    app: &TestApp,
    username: &str,
    password: &str,
    landing: &str,
) {
    browser.goto(&format!("{}/admin/login", app.address)).await;
    browser
        .find("#username")
        .await
        .send_keys(username)
        .await
        .unwrap();
    browser
        .find("#password")
        .await
        .send_keys(password)
        .await
        .unwrap();
    browser.click("button.submit").await;
    browser.wait_for_path(landing).await;
    let text = browser.text().await;
    assert!(text.contains(username), "{text}");
}

/// Three responses sent over HTTP as phones send them.
pub async fn three_responses(app: &TestApp, counter: &CounterInfo) {
    for answers in [
        // Per element: 3/3, 1/3, 2/3 and 0/3 satisfied, so each shows its own figure.
        "q1=5&q2=4&q3=3&q4=1",
        "q1=4&q2=2&q3=4&q4=1",
        "q1=5&q2=2&q3=5&q4=1",
    ] {
        let (_, k, v) = app.open_survey(counter).await;
        let body = format!("k={k}&v={v}&lang=vi&{answers}");
        let response = app.post_form(&app.survey_url(counter), body).await;
        assert_eq!(response.status(), 303);
    }
}

/// The code the counters page shows, decoded from what the browser draws. The card's code is
/// 160 px, about 4 px per module; it is drawn at 480 px first so that the decoder, unlike a
/// phone's camera, does not have to cope with blurred module edges.
async fn shown_code(browser: &Browser) -> String {
    browser
        .js("const qr = document.querySelector('.qr-small'); qr.style.width = qr.style.height = '480px'; \
             qr.scrollIntoView({block: 'center'});")
        .await;
    let png = browser.find(".qr-small").await.screenshot().await.unwrap();
    decode_qr(&png).0
}

/// This year in Vietnam: the period the responses just sent fall in.
pub fn this_year() -> i32 {
    let offset = time::UtcOffset::from_hms(7, 0, 0).unwrap();
    time::OffsetDateTime::now_utc().to_offset(offset).year()
}

/// `88.235` → `88,24%`, as Vietnamese pages write it.
fn vietnamese_percent(value: f64) -> String {
    format!("{value:.2}%").replace('.', ",")
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn staff_sign_in_see_the_export_figures_rotate_a_code_and_print_its_poster() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    three_responses(&app, &counter).await;
    let password = account(&app, "quanly", Role::Manager, Some("T01")).await;
    let year = this_year().to_string();
    let output = app.sipas(&[
        "export", "--unit", "T01", "--period", &year, "--format", "json",
    ]);
    assert!(output.status.success(), "{output:?}");
    let export: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(export["total"]["respondents"], 3);

    let browser = Browser::desktop(1366, 768).await;
    assert_eq!(browser.viewport().await, (1366, 768));
    sign_in(&browser, &app, "quanly", &password, "/admin/units/T01").await;
    browser.goto(&format!("{}/admin", app.address)).await;
    assert!(browser.text().await.contains("Xin chào, quanly"));
    browser.screenshot("admin-home-1366").await;

    // The dashboard: the index the export gives, each element's, and a drawn chart.
    browser.click("a[href=\"/admin/units/T01?lang=vi\"]").await;
    browser.wait_for_path("/admin/units/T01").await;
    browser
        .goto(&format!("{}/admin/units/T01?period={year}", app.address))
        .await;
    let headline = browser.find(".big .value").await.text().await.unwrap();
    let index = export["total"]["sipas"]["index"].as_f64().unwrap();
    assert_eq!(index, 50.0, "6 of 12 answers satisfied");
    assert_eq!(headline, vietnamese_percent(index));
    // The elements' table, row by row in element order: each figure where it belongs.
    let shown = browser
        .js(
            "return [...document.querySelectorAll('table.elements tbody td.nowrap')] \
             .map(td => td.textContent.trim());",
        )
        .await;
    let expected: Vec<String> = ["access", "procedure", "staff", "result"]
        .iter()
        .map(|element| {
            let value = export["total"]["elements"][element]["index"]
                .as_f64()
                .unwrap();
            vietnamese_percent(value)
        })
        .collect();
    assert_eq!(
        shown.as_array().unwrap()[..4],
        expected
            .iter()
            .map(|v| Value::from(v.as_str()))
            .collect::<Vec<_>>()[..],
        "elements as exported: {shown}"
    );
    let chart = browser
        .js("const r = document.querySelector('svg.trend-plot').getBoundingClientRect(); \
             return [r.width, r.height, document.querySelectorAll('svg.trend-plot circle').length];")
        .await;
    assert!(
        chart[0].as_f64().unwrap() > 300.0,
        "chart drawn wide: {chart}"
    );
    assert!(
        chart[1].as_f64().unwrap() > 50.0,
        "chart drawn tall: {chart}"
    );
    assert!(chart[2].as_u64().unwrap() > 0, "chart has marks: {chart}");
    browser.screenshot("dashboard-1366").await;

    // Counters: the code shown decodes to the survey; the button gives a new one.
    browser
        .goto(&format!("{}/admin/units/T01.TT/counters", app.address))
        .await;
    assert_eq!(shown_code(&browser).await, app.survey_url(&counter));
    // "Đổi mã QR…" asks on a page of its own, which says the poster stops working.
    browser
        .click(&format!(
            "a[href=\"/admin/counters/{}/rotate?lang=vi\"]",
            counter.id
        ))
        .await;
    browser
        .wait_for_path(&format!("/admin/counters/{}/rotate", counter.id))
        .await;
    assert!(browser.text().await.contains("sẽ ngừng hoạt động ngay"));
    browser.screenshot("rotate-question-1366").await;
    browser.click("form.confirm button.danger").await;
    browser.wait_for_path("/admin/units/T01.TT/counters").await;
    assert!(browser.text().await.contains("Đã đổi mã QR"));
    browser.screenshot("counters-1366").await;
    let new_url = shown_code(&browser).await;
    assert_ne!(new_url, app.survey_url(&counter));
    assert_eq!(app.get(&app.survey_url(&counter)).await.status(), 404);
    assert_eq!(app.get(&new_url).await.status(), 200);

    // Its A4 poster, printed: one page carrying the new code.
    browser
        .click(&format!(
            "a[href=\"/admin/counters/{}/poster?size=a4\"]",
            counter.id
        ))
        .await;
    browser
        .wait_for_path(&format!("/admin/counters/{}/poster", counter.id))
        .await;
    browser.screenshot("poster-a4-screen").await;
    let pdf = print_pdf(&browser, "poster-a4-rotated", (21.0, 29.7)).await;
    let pages = qr_pages(&pdf);
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].url, new_url);
    browser.quit().await;
}

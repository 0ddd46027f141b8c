//! axe-core (the npm package, injected into each page) finds no serious or critical violation
//! on the citizen's pages, the login page, the dashboard and the administration pages.

use serde_json::json;
use sipas::domain::account::Role;

use crate::browser::Browser;
use crate::citizen::{item_count, tap_answers};
use crate::helpers::{account, spawn_app};
use crate::staff::{sign_in, this_year, three_responses};

/// `axe.min.js`, from `SIPAS_AXE_JS` (`.ci/run` installs it with npm and sets it).
fn axe_source() -> String {
    let path = std::env::var("SIPAS_AXE_JS").unwrap_or_else(|_| {
        panic!("SIPAS_AXE_JS must name axe.min.js (npm install axe-core; README \"Browser tests\")")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Runs axe on the page as it is and returns the serious and critical violations, each as
/// `rule: help (where)`.
async fn serious_violations(browser: &Browser, axe: &str) -> Vec<String> {
    // WebDriver scripts are not bound by the page's Content-Security-Policy.
    browser.client.execute(axe, vec![]).await.unwrap();
    let found = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { resultTypes: ['violations'] })\
               .then(r => done(r.violations))\
               .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
            vec![],
        )
        .await
        .unwrap();
    let mut serious = Vec::new();
    for violation in found.as_array().unwrap() {
        if ["serious", "critical"].contains(&violation["impact"].as_str().unwrap_or("")) {
            let nodes: Vec<String> = violation["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["target"].to_string())
                .collect();
            serious.push(format!(
                "{}: {} ({})",
                violation["id"],
                violation["help"],
                nodes.join(", ")
            ));
        }
    }
    serious
}

async fn check(browser: &Browser, axe: &str, page: &str, failures: &mut Vec<String>) {
    check_except(browser, axe, page, None, failures).await;
}

/// `check`, with one rule set aside for this page and said so in the output.
async fn check_except(
    browser: &Browser,
    axe: &str,
    page: &str,
    set_aside: Option<&str>,
    failures: &mut Vec<String>,
) {
    let (aside, found): (Vec<String>, Vec<String>) = serious_violations(browser, axe)
        .await
        .into_iter()
        .partition(|v| set_aside.is_some_and(|rule| v.starts_with(&format!("\"{rule}\""))));
    eprintln!(
        "axe {page}: {} serious or critical{}",
        found.len(),
        if aside.is_empty() {
            String::new()
        } else {
            format!(" ({} set aside: {})", aside.len(), aside.join("; "))
        }
    );
    failures.extend(found.into_iter().map(|v| format!("{page}: {v}")));
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn axe_finds_nothing_serious_on_the_citizen_pages() {
    let axe = axe_source();
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let browser = Browser::phone(360, 740).await;
    let mut failures = Vec::new();

    browser.goto(&app.survey_url(&counter)).await;
    check(&browser, &axe, "survey", &mut failures).await;
    // The same form returned with its errors (sent with nothing chosen).
    browser.tap("button.submit").await;
    browser
        .wait_for_path(&format!("/s/{}", counter.token))
        .await;
    assert_eq!(
        browser
            .js("return !!document.querySelector('[role=alert]');")
            .await,
        json!(true),
        "the form came back with its errors"
    );
    check(&browser, &axe, "survey with errors", &mut failures).await;

    let values: Vec<u8> = vec![4; item_count(&browser).await];
    tap_answers(&browser, &values).await;
    browser.tap("button.submit").await;
    browser
        .wait_for_path(&format!("/s/{}/thanks", counter.token))
        .await;
    check(&browser, &axe, "thank-you", &mut failures).await;
    browser.goto(&format!("{}/privacy", app.address)).await;
    check(&browser, &axe, "privacy", &mut failures).await;
    app.execute("UPDATE unit SET public_results = true WHERE code = 'T01.TT'")
        .await;
    browser
        .goto(&format!("{}/results/T01.TT", app.address))
        .await;
    check(&browser, &axe, "public results", &mut failures).await;

    // The one-tap form, its thank-you page with the comment offered, and a kiosk's screens.
    let one_tap = app.counter_of("T01.TT", "Quầy 7", "one-tap").await;
    browser.goto(&app.survey_url(&one_tap)).await;
    check(&browser, &axe, "one-tap survey", &mut failures).await;
    browser.tap("button.opt[value=\"2\"]").await;
    browser
        .wait_for_path(&format!("/s/{}/thanks", one_tap.token))
        .await;
    check(
        &browser,
        &axe,
        "one-tap thank-you with comment",
        &mut failures,
    )
    .await;
    let kiosk = sipas::db::kiosks::open(&app.db, &one_tap, "test", time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let start = format!("/k/{}", kiosk.as_str());
    browser.goto(&format!("{}{start}", app.address)).await;
    check(&browser, &axe, "kiosk", &mut failures).await;
    browser.tap("button.opt[value=\"3\"]").await;
    browser.wait_for_path(&format!("{start}/thanks")).await;
    // The kiosk's return to its start after its thanks is the meta refresh the kiosk exists for
    // (WCAG 2.2.1, "essential"); the page links back at once too. That rule alone is set aside,
    // on this page alone.
    assert!(browser.text().await.contains("Quay lại ngay"));
    check_except(
        &browser,
        &axe,
        "kiosk thanks",
        Some("meta-refresh"),
        &mut failures,
    )
    .await;
    browser.quit().await;
    assert_eq!(failures, Vec::<String>::new());
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn axe_finds_nothing_serious_on_the_staff_pages() {
    let axe = axe_source();
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    three_responses(&app, &counter).await;
    let password = account(&app, "quantri", Role::Admin, None).await;
    let browser = Browser::desktop(1366, 768).await;
    let mut failures = Vec::new();

    browser.goto(&format!("{}/admin/login", app.address)).await;
    check(&browser, &axe, "login", &mut failures).await;
    sign_in(&browser, &app, "quantri", &password, "/admin").await;
    let year = this_year();
    for path in [
        "/admin".to_owned(),
        format!("/admin/units/T01?period={year}"),
        format!("/admin/units/T01.TT?period={year}"),
        "/admin/units/T01.TT/counters".to_owned(),
        format!("/admin/units/T01/responses?period={year}"),
        "/admin/units".to_owned(),
        "/admin/users".to_owned(),
        "/admin/questionnaires".to_owned(),
        "/admin/questionnaires/sipas-quick/new".to_owned(),
        "/admin/audit".to_owned(),
    ] {
        browser.goto(&format!("{}{path}", app.address)).await;
        // Still on the page asked for: not sent back to sign in, not refused.
        assert_eq!(browser.path().await, path.split('?').next().unwrap());
        assert_eq!(
            browser
                .js("return !!document.querySelector('main h1');")
                .await,
            json!(true)
        );
        check(&browser, &axe, &path, &mut failures).await;
    }
    browser.quit().await;
    assert_eq!(failures, Vec::<String>::new());
}

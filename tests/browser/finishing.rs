//! Each questionnaire answered to the end by touch on phones of 320, 360 and 414 px: the quick
//! form, the full one, the one-tap form (and its comment on the thank-you page), the quick form
//! in English. The taps and screens each one takes are printed (README "The citizen's path").

use crate::browser::Browser;
use crate::citizen::{item_count, stored_answers, tap_answers};
use crate::helpers::spawn_app;
use crate::layout::{MEASURE, assert_fits};

/// Screens of the page (its height over the window's), whether the send button is on screen
/// before any scroll, and every scale label whose words do not fit its box.
const SHAPE: &str = r#"
window.scrollTo(0, 0);
const doc = document.documentElement;
const send = document.querySelector('button.submit');
const r = send ? send.getBoundingClientRect() : null;
const overflowing = [...document.querySelectorAll('.opt .label')]
  .filter(l => l.scrollWidth > l.clientWidth + 1)
  .map(l => l.textContent);
return {
  screens: Math.ceil(doc.scrollHeight / window.innerHeight * 10) / 10,
  send_on_first_screen: !!r && r.top >= 0 && r.bottom <= window.innerHeight,
  overflowing,
};
"#;

#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn every_questionnaire_is_finished_by_touch_on_narrow_phones() {
    let app = spawn_app().await;
    let quick = app.counter("sipas-quick").await;
    let full = app.counter_of("T01.TT", "Quầy 5", "sipas-full").await;
    let one_tap = app.counter_of("T01.TT", "Quầy 6", "one-tap").await;
    let forms = [
        ("quick", &quick, "vi"),
        ("full", &full, "vi"),
        ("one-tap", &one_tap, "vi"),
        ("quick-en", &quick, "en"),
    ];
    let mut stored = 0;
    for width in [320, 360, 414] {
        for (name, counter, lang) in forms {
            let browser = Browser::phone(width, 740).await;
            browser
                .goto(&format!("{}?lang={lang}", app.survey_url(counter)))
                .await;
            let page = format!("{name} at {width}px");
            assert_fits(&browser.js(MEASURE).await, &page, width);
            let shape = browser.js(SHAPE).await;
            assert_eq!(
                shape["overflowing"],
                serde_json::json!([]),
                "{page}: {shape}"
            );
            browser.screenshot(&format!("finish-{name}-{width}")).await;
            let items = item_count(&browser).await;
            let taps = if name == "one-tap" {
                // One tap on a face sends the rating.
                assert_eq!(shape["send_on_first_screen"], false);
                browser.tap("button.opt[value=\"3\"]").await;
                1
            } else {
                // The send button is on the first screen and stays there (sticky).
                assert_eq!(shape["send_on_first_screen"], true, "{page}: {shape}");
                let values = vec![4; items];
                tap_answers(&browser, &values).await;
                browser.tap("button.submit").await;
                items + 1
            };
            browser
                .wait_for_path(&format!("/s/{}/thanks", counter.token))
                .await;
            stored += 1;
            assert_eq!(app.responses().await, stored, "{page}");
            assert_fits(
                &browser.js(MEASURE).await,
                &format!("thanks after {page}"),
                width,
            );
            println!(
                "finishing {name} at {width}px: {items} items, {taps} taps, {} screens",
                shape["screens"]
            );
            if name == "one-tap" && width == 360 {
                // The comment offered on the thank-you page joins the same response.
                browser.tap("#comment").await;
                browser
                    .find("#comment")
                    .await
                    .send_keys("Nhanh gọn")
                    .await
                    .unwrap();
                browser.screenshot("finish-one-tap-thanks-360").await;
                browser.tap("button.submit").await;
                browser
                    .wait_for_path(&format!("/s/{}/thanks", counter.token))
                    .await;
                assert!(
                    browser
                        .text()
                        .await
                        .contains("Góp ý của ông/bà đã được ghi nhận")
                );
                assert_eq!(app.responses().await, stored);
                let comments = app
                    .rows("SELECT comment FROM response WHERE comment IS NOT NULL")
                    .await;
                assert_eq!(comments, ["Nhanh gọn"]);
            }
            browser.quit().await;
        }
    }
    // Every answer stored as tapped: 4 on the forms, 3 on the one-tap form.
    let answers = stored_answers(&app).await;
    assert!(
        answers
            .iter()
            .all(|a| a.ends_with("=4") || a.ends_with("=3")),
        "{answers:?}"
    );
}

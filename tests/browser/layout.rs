//! The survey's layout measured by the browser at 320, 360 and 414 px: no sideways scroll,
//! tap targets of at least 44×44 px, a submit button that can be reached and tapped.

use serde_json::Value;

use crate::browser::Browser;
use crate::citizen::{item_count, tap_answers};
use crate::helpers::spawn_app;

/// Everything a person can tap, measured where they would tap it: a radio button's target is
/// its whole label. Hidden things (the honeypot, `aria-hidden`) are not targets.
pub(crate) const MEASURE: &str = r#"
const doc = document.documentElement;
const small = [];
for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
  if (el.closest('[aria-hidden="true"]') || el.getClientRects().length === 0) continue;
  const target = el.matches('input[type=radio], input[type=checkbox]') && el.closest('label') ? el.closest('label') : el;
  const r = target.getBoundingClientRect();
  if (r.width < 44 || r.height < 44) {
    small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 40)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
}
return { viewport: doc.clientWidth, scroll: doc.scrollWidth, small };
"#;

/// Whether the submit button, scrolled into view, lies inside the screen and is what a finger
/// at its centre would touch.
const SUBMIT_REACHABLE: &str = r#"
const button = document.querySelector('button[type=submit]');
button.scrollIntoView({block: 'center'});
const r = button.getBoundingClientRect();
const inside = r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight;
const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
return { inside, touched: !!hit && (hit === button || button.contains(hit)), width: r.width, height: r.height };
"#;

pub(crate) fn assert_fits(measured: &Value, page: &str, width: u32) {
    assert_eq!(measured["viewport"], width, "{page} at {width}px: viewport");
    assert!(
        measured["scroll"].as_u64().unwrap() <= u64::from(width),
        "{page} at {width}px scrolls sideways: {measured}"
    );
    assert_eq!(
        measured["small"],
        Value::Array(vec![]),
        "{page} at {width}px: tap targets under 44×44 px"
    );
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn the_survey_fits_narrow_phones_with_targets_a_finger_can_hit() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    for width in [320, 360, 414] {
        let browser = Browser::phone(width, 740).await;
        browser.goto(&app.survey_url(&counter)).await;
        let measured = browser.js(MEASURE).await;
        assert_fits(&measured, "survey", width);

        let submit = browser.js(SUBMIT_REACHABLE).await;
        assert_eq!(
            submit["inside"], true,
            "submit on screen at {width}px: {submit}"
        );
        assert_eq!(
            submit["touched"], true,
            "submit not covered at {width}px: {submit}"
        );

        // The screenshot has the phone's size (2 device pixels per CSS pixel): the page was
        // really laid out at this width.
        browser.js("window.scrollTo(0, 0);").await;
        let png = browser.screenshot(&format!("survey-vi-{width}")).await;
        let image = image::load_from_memory(&png).unwrap();
        assert_eq!(image.width(), width * 2, "screenshot width at {width}px");

        // And it works there: answered and sent by tapping, the thank-you page fits too.
        let values: Vec<u8> = vec![5; item_count(&browser).await];
        tap_answers(&browser, &values).await;
        browser.tap("button.submit").await;
        browser
            .wait_for_path(&format!("/s/{}/thanks", counter.token))
            .await;
        assert_fits(&browser.js(MEASURE).await, "thank-you page", width);
        browser.screenshot(&format!("thanks-vi-{width}")).await;

        // The privacy page reads as a list: every point as wide as the page allows, not a
        // row of narrow columns (its list once took the survey link's inline-flex style).
        browser
            .goto(&format!("{}/privacy?lang=vi", app.address))
            .await;
        assert_fits(&browser.js(MEASURE).await, "privacy page", width);
        let narrowest = browser
            .js("return Math.min(...[...document.querySelectorAll('ul.privacy li')].map(li => li.getBoundingClientRect().width));")
            .await;
        assert!(
            narrowest.as_f64().unwrap() > f64::from(width) * 0.6,
            "privacy points {narrowest} px wide at {width}px"
        );
        browser.screenshot(&format!("privacy-vi-{width}")).await;
        browser.quit().await;
    }
    assert_eq!(app.responses().await, 3);
}

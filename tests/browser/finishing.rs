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

/// Each scale point as drawn: its label's size, and the contrast of its border and of its text
/// against what is behind them (WCAG: 3:1 for a control's edge, 4.5:1 for text), on the white
/// card and, for bright light, against the page's light grey too.
const LEGIBILITY: &str = r#"
const rgb = s => s.match(/[\d.]+/g).slice(0, 3).map(Number);
const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const behind = el => { for (let e = el.parentElement; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; if (!c.startsWith('rgba(0, 0, 0, 0)')) return rgb(c); } return [255, 255, 255]; };
const page = rgb(getComputedStyle(document.body).backgroundColor);
let smallest = 99, edge = 99, text = 99;
for (const box of document.querySelectorAll('.opt .box')) {
  const label = box.querySelector('.label');
  smallest = Math.min(smallest, parseFloat(getComputedStyle(label).fontSize));
  const border = rgb(getComputedStyle(box).borderTopColor);
  edge = Math.min(edge, contrast(border, behind(box)), contrast(border, page));
  text = Math.min(text, contrast(rgb(getComputedStyle(label).color), rgb(getComputedStyle(box).backgroundColor)));
}
return { smallest, edge, text };
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
            let legible = browser.js(LEGIBILITY).await;
            let at_least = |what: &str, floor: f64| {
                let value = legible[what].as_f64().unwrap();
                assert!(
                    value >= floor,
                    "{page}: {what} {value} under {floor}: {legible}"
                );
            };
            at_least("smallest", 14.0);
            at_least("edge", 3.0);
            at_least("text", 4.5);
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
                "finishing {name} at {width}px: {items} items, {taps} taps, {} screens; labels {} px, edges {:.1}:1, text {:.1}:1",
                shape["screens"],
                legible["smallest"],
                legible["edge"].as_f64().unwrap(),
                legible["text"].as_f64().unwrap()
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

//! A kiosk on a 10-inch tablet, held in landscape (1280×800) and in portrait (800×1280): large
//! faces, a tap, the thanks, the return to the start by itself, 50 ratings in a row with nobody
//! touching anything else, no stale answers behind the back button, and a withdrawn kiosk.

use std::time::Duration;

use sipas::db::kiosks;

use crate::browser::Browser;
use crate::citizen::tap_answers;
use crate::helpers::{TestApp, spawn_app_with};
use crate::layout::{MEASURE, assert_fits};

async fn kiosk_app() -> TestApp {
    spawn_app_with(|config| {
        config.guards.min_answer_time = Duration::ZERO;
        // The tablet returns after a second here (five by default), and the interval rule
        // (tested exactly in the API tests) stays below that, so every rating counts.
        config.guards.kiosk_interval = Duration::from_millis(500);
        config.kiosk_return_seconds = 1;
    })
    .await
}

/// Opens a kiosk for the counter as a manager would; returns its start path.
async fn open_kiosk(app: &TestApp, counter: &sipas::db::counters::CounterInfo) -> String {
    let token = kiosks::open(&app.db, counter, "test", time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    format!("/k/{}", token.as_str())
}

/// The smallest face drawn on the page, in CSS pixels.
const SMALLEST_FACE: &str = "return Math.min(...[...document.querySelectorAll('button.opt svg.face')].map(f => f.getBoundingClientRect().width));";

#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn a_kiosk_runs_unattended_through_50_ratings_on_a_tablet() {
    let app = kiosk_app().await;
    let counter = app.counter("one-tap").await;
    let start = open_kiosk(&app, &counter).await;
    let thanks = format!("{start}/thanks");
    let mut taps = 0;
    for (width, height, ratings) in [(1280, 800, 50), (800, 1280, 3)] {
        let tablet = Browser::phone(width, height).await;
        tablet.goto(&format!("{}{start}", app.address)).await;
        let shape = format!("kiosk at {width}×{height}");
        assert_fits(&tablet.js(MEASURE).await, &shape, width);
        let face = tablet.js(SMALLEST_FACE).await.as_f64().unwrap();
        assert!(face >= 96.0, "{shape}: faces {face} px wide");
        assert!(tablet.text().await.contains("Quầy số 2 – Hộ tịch"));
        tablet
            .screenshot(&format!("kiosk-start-{width}x{height}"))
            .await;
        for rating in 0..ratings {
            let level = [3, 2, 1][rating % 3];
            tablet.tap(&format!("button.opt[value=\"{level}\"]")).await;
            taps += 1;
            tablet.wait_for_path(&thanks).await;
            if rating == 0 {
                assert!(tablet.text().await.contains("Cảm ơn ông/bà!"));
                assert_fits(&tablet.js(MEASURE).await, &format!("thanks {shape}"), width);
                tablet
                    .screenshot(&format!("kiosk-thanks-{width}x{height}"))
                    .await;
            }
            // Back to the start by itself: nobody touches the tablet.
            tablet.mark_page().await;
            tablet.wait_for_path(&start).await;
        }
        tablet.quit().await;
    }
    println!("kiosk: 1 tap and 2 screens (start, thanks) per rating; {taps} ratings in a row");
    assert_eq!(app.responses().await, 53);
    let stored = app
        .rows("SELECT channel || ':' || status FROM response GROUP BY channel, status")
        .await;
    assert_eq!(stored, ["kiosk:counted"]);
    let per_level = app
        .rows("SELECT '' || value || '=' || COUNT(*) FROM answer GROUP BY value ORDER BY value")
        .await;
    assert_eq!(per_level, ["1=17", "2=18", "3=18"]);
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn the_back_button_never_shows_the_last_persons_answers_and_a_withdrawn_kiosk_says_so() {
    let app = kiosk_app().await;
    // A kiosk on a longer questionnaire: the case where answers could linger.
    let counter = app.counter("sipas-quick").await;
    let start = open_kiosk(&app, &counter).await;
    let tablet = Browser::phone(800, 1280).await;
    tablet.goto(&format!("{}{start}", app.address)).await;
    assert_fits(&tablet.js(MEASURE).await, "quick kiosk 800×1280", 800);
    tap_answers(&tablet, &[1, 1, 1, 1, 1]).await;
    tablet.tap("button.submit").await;
    tablet.wait_for_path(&format!("{start}/thanks")).await;
    tablet.mark_page().await;
    tablet.client.back().await.unwrap();
    tablet.wait_for_path(&start).await;
    let checked = tablet
        .js("return document.querySelectorAll('input:checked').length;")
        .await;
    assert_eq!(checked, 0, "the start screen after 'back' holds no answer");
    tablet.screenshot("kiosk-after-back-800x1280").await;
    assert_eq!(app.responses().await, 1);
    assert_eq!(app.rows("SELECT channel FROM response").await, ["kiosk"]);

    kiosks::withdraw(&app.db, &counter, "test", time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    tablet.goto(&format!("{}{start}", app.address)).await;
    assert!(
        tablet
            .text()
            .await
            .contains("Máy đánh giá này không hoạt động")
    );
    tablet.screenshot("kiosk-withdrawn-800x1280").await;
    tablet.quit().await;
}

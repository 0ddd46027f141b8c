//! Every staff page on the demo data, at a 390 px phone and a 1366 px desktop, measured the way a
//! person would see it: the page never scrolls sideways; no word or number may be broken inside
//! itself (only free text, a comment or an address, may break where it must); nothing is wider
//! than its box unless the box scrolls on purpose (a wide table in `div.scroll`); every select
//! is at least 44 px tall. The ranking tables read in rank order within each group of peers, and the province groups departments apart from communes. A screenshot of each page at each width is kept.

use serde_json::Value;
use sipas::domain::account::Role;

use crate::browser::Browser;
use crate::helpers::{account, spawn_app};
use crate::staff::sign_in;

const LAYOUT: &str = r#"
const doc = document.documentElement;
const broken = [], overflowing = [];
const describe = el => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || '').trim().slice(0, 30)}"`;
for (const el of document.querySelectorAll('body *')) {
  // Charts and what is hidden from everyone (the honeypot field) are not text to read.
  if (el.getClientRects().length === 0 || el.closest('svg, [aria-hidden="true"]')) continue;
  const style = getComputedStyle(el);
  const freeText = el.closest('.text, .url, textarea, input');
  if (!freeText && (style.overflowWrap === 'anywhere' || style.wordBreak === 'break-all')) {
    broken.push(describe(el));
  }
  // A text field scrolls its own text; a table in div.scroll scrolls inside its box.
  const scrollsOnPurpose = el.closest('.scroll') || el.matches('input, textarea, select')
    || ['auto', 'scroll'].includes(style.overflowX);
  if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && !scrollsOnPurpose) {
    overflowing.push(`${describe(el)} ${el.scrollWidth}>${el.clientWidth}`);
  }
}
const short = [...document.querySelectorAll('select')]
  .filter(s => s.getClientRects().length > 0 && s.getBoundingClientRect().height < 44)
  .map(s => `select#${s.id} ${Math.round(s.getBoundingClientRect().height)}px`);
// Everything a finger can tap, measured where it would tap it (a checkbox's target is its label).
const small = [];
for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
  if (el.closest('[aria-hidden="true"]') || el.getClientRects().length === 0) continue;
  const target = el.matches('input[type=radio], input[type=checkbox]') && el.closest('label') ? el.closest('label') : el;
  const r = target.getBoundingClientRect();
  if (r.width < 44 || r.height < 44) small.push(`${describe(el)} ${Math.round(r.width)}x${Math.round(r.height)}`);
}
// Chart text as drawn: a scaled-down SVG once drew its labels at 5 px on a phone.
const tiny = [...document.querySelectorAll('svg text')]
  .filter(t => t.getClientRects().length > 0 && parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1) < 11)
  .map(t => `"${t.textContent}" ${(parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1)).toFixed(1)}px`);
return { viewport: doc.clientWidth, scroll: doc.scrollWidth, broken: broken.slice(0, 5), overflowing: overflowing.slice(0, 5), short, small: small.slice(0, 8), tiny: tiny.slice(0, 5) };
"#;

/// The first column of every ranking table, row by row, for each group of peers (a `tr.peers`
/// heading starts a group: departments, communes, counters of one scale).
const RANKS: &str = r#"
const groups = [];
for (const table of document.querySelectorAll('table.wide')) {
  let group = [];
  for (const tr of table.querySelectorAll('tbody tr')) {
    if (tr.classList.contains('peers')) {
      if (group.length) groups.push(group);
      group = [];
    } else {
      group.push(tr.cells[0].textContent.trim());
    }
  }
  if (group.length) groups.push(group);
}
return groups;
"#;

/// The headings of the groups of peers on the page.
const PEER_HEADINGS: &str = r#"
return [...document.querySelectorAll('tr.peers th')].map(th => th.textContent.trim());
"#;

fn assert_looks_right(measured: &Value, page: &str, width: u32) {
    assert!(
        measured["scroll"].as_u64().unwrap() <= u64::from(width),
        "{page} at {width}px scrolls sideways: {measured}"
    );
    assert_eq!(
        measured["broken"],
        Value::Array(vec![]),
        "{page} at {width}px may break words inside themselves"
    );
    assert_eq!(
        measured["overflowing"],
        Value::Array(vec![]),
        "{page} at {width}px: wider than its box"
    );
    assert_eq!(
        measured["short"],
        Value::Array(vec![]),
        "{page} at {width}px: selects under 44 px tall"
    );
    assert_eq!(
        measured["tiny"],
        Value::Array(vec![]),
        "{page} at {width}px: chart text under 11 px as drawn"
    );
    if width < 800 {
        assert_eq!(
            measured["small"],
            Value::Array(vec![]),
            "{page} at {width}px: tap targets under 44×44 px"
        );
    }
}

/// Ranked rows first, by rank (ties share one); then the unranked.
fn assert_in_rank_order(ranks: &[Value], page: &str) {
    let ranks: Vec<&str> = ranks.iter().map(|r| r.as_str().unwrap()).collect();
    let numbers: Vec<u32> = ranks.iter().map_while(|r| r.parse().ok()).collect();
    assert!(
        numbers.windows(2).all(|w| w[0] <= w[1]),
        "{page}: ranks {ranks:?}"
    );
    assert!(
        ranks[numbers.len()..]
            .iter()
            .all(|r| r.parse::<u32>().is_err()),
        "{page}: a ranked row after an unranked one: {ranks:?}"
    );
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn every_staff_page_reads_on_a_phone_and_a_desktop() {
    let app = spawn_app().await;
    let seeded = app.sipas(&["demo", "--weeks", "3"]);
    assert!(seeded.status.success(), "{seeded:?}");
    let password = account(&app, "quantri", Role::Admin, None).await;
    let pages = [
        "/admin",
        "/admin/units/DEMO",
        "/admin/units/DEMO.P.ANPHU.TT",
        "/admin/units/DEMO.P.ANPHU.TT/counters",
        "/admin/units/DEMO/responses",
        "/admin/units/DEMO/comments?negative=1",
        "/admin/units",
        "/admin/users",
        "/admin/audit",
        "/admin/questionnaires",
        "/admin/questionnaires/sipas-quick/new",
        "/admin/counters/1/rotate",
        "/admin/counters/1/active",
        "/admin/units/DEMO/active",
    ];
    for (width, height) in [(390, 844), (1366, 768)] {
        let browser = if width < 800 {
            Browser::phone(width, height).await
        } else {
            Browser::desktop(width, height).await
        };
        sign_in(&browser, &app, "quantri", &password, "/admin").await;
        for page in pages {
            browser.goto(&format!("{}{page}", app.address)).await;
            assert_looks_right(&browser.js(LAYOUT).await, page, width);
            if page == "/admin/units/DEMO" {
                let headings = browser.js(PEER_HEADINGS).await;
                for group in ["Sở, ban, ngành", "Xã, phường, đặc khu"] {
                    assert!(
                        headings.as_array().unwrap().iter().any(|h| h == group),
                        "{page}: no group {group}: {headings}"
                    );
                }
            }
            for table in browser.js(RANKS).await.as_array().unwrap() {
                if page.starts_with("/admin/units/DEMO") && !page.contains("/responses") {
                    assert_in_rank_order(table.as_array().unwrap(), page);
                }
            }
            let name = page.trim_start_matches('/').replace(['/', '?', '='], "-");
            browser.screenshot(&format!("staff-{name}-{width}")).await;
        }
        browser.quit().await;
    }
}

/// Every page a citizen sees, measured the same way at a 360 px phone and a 1366 px desktop:
/// the three questionnaires, the thank-you page, the privacy page (which once rendered as six
/// narrow columns broken letter by letter), and the pages of a switched-off or unknown code.
#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn every_citizen_page_reads_on_a_phone_and_a_desktop() {
    let app = spawn_app().await;
    let quick = app.counter("sipas-quick").await;
    let full = app.counter_of("T01.TT", "Quầy 2", "sipas-full").await;
    let one_tap = app.counter_of("T01.TT", "Quầy 3", "one-tap").await;
    let closed = app.counter_of("T01.TT", "Quầy 4", "sipas-quick").await;
    app.execute(&format!(
        "UPDATE counter SET active = false WHERE id = {}",
        closed.id
    ))
    .await;
    // The unit publishes its results and has a hotline: the thank-you page shows both.
    app.execute(
        "UPDATE unit SET public_results = true, hotline = '0235 3822 111' WHERE code = 'T01.TT'",
    )
    .await;
    let pages = [
        ("survey sipas-quick", app.survey_url(&quick)),
        ("results", format!("{}/results/T01.TT?lang=vi", app.address)),
        (
            "results (en)",
            format!("{}/results/T01.TT?lang=en", app.address),
        ),
        ("survey sipas-full", app.survey_url(&full)),
        ("survey one-tap", app.survey_url(&one_tap)),
        (
            "survey sipas-quick (en)",
            format!("{}?lang=en", app.survey_url(&quick)),
        ),
        ("privacy", format!("{}/privacy?lang=vi", app.address)),
        ("privacy (en)", format!("{}/privacy?lang=en", app.address)),
        ("switched-off code", app.survey_url(&closed)),
        (
            "unknown code",
            format!("{}/s/AAAAAAAAAAAAAAAA", app.address),
        ),
    ];
    for (width, height) in [(360, 800), (1366, 768)] {
        let browser = if width < 800 {
            Browser::phone(width, height).await
        } else {
            Browser::desktop(width, height).await
        };
        for (page, url) in &pages {
            browser.goto(url).await;
            assert_looks_right(&browser.js(LAYOUT).await, page, width);
            let name = page.replace([' ', '(', ')'], "-");
            browser.screenshot(&format!("citizen-{name}-{width}")).await;
        }
        // The thank-you page, reached as a citizen reaches it: answered and sent.
        browser.goto(&app.survey_url(&quick)).await;
        let values = vec![5; crate::citizen::item_count(&browser).await];
        crate::citizen::tap_answers(&browser, &values).await;
        browser.click("button.submit").await;
        browser
            .wait_for_path(&format!("/s/{}/thanks", quick.token))
            .await;
        assert_looks_right(&browser.js(LAYOUT).await, "thank-you page", width);
        browser.screenshot(&format!("citizen-thanks-{width}")).await;
        browser.quit().await;
    }
}

//! Posters printed by Chromium to PDF: one page per counter on A4 and A6, the code at least
//! 4 cm wide and readable once the PDF is rendered back to an image (poppler's `pdftoppm`).

use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize};
use sipas::domain::account::Role;

use crate::browser::{Browser, decode_qr, screenshot_dir};
use crate::helpers::{account, spawn_app};
use crate::staff::sign_in;

/// The resolution the pages are rendered at to read their codes.
const DPI: f64 = 150.0;

/// Prints the current page on paper of `(width, height)` cm with no margins of the printer's
/// own (the poster's `@page` rule sets them), and keeps it as `target/browser/NAME.pdf`.
pub async fn print_pdf(browser: &Browser, name: &str, paper: (f64, f64)) -> PathBuf {
    let config = PrintConfiguration::builder()
        .size(PrintSize {
            width: paper.0,
            height: paper.1,
        })
        .margins(PrintMargins {
            top: 0.0,
            bottom: 0.0,
            left: 0.0,
            right: 0.0,
        })
        .background(true)
        .shrink_to_fit(false)
        .build()
        .unwrap();
    let pdf = browser.client.print(config).await.unwrap();
    let path = screenshot_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    path
}

/// What one printed page shows.
pub struct PageQr {
    pub url: String,
    /// The code's width on paper, quiet zone excluded.
    pub width_cm: f64,
    /// The page's size on paper.
    pub page_cm: (f64, f64),
}

/// Every page of the PDF rendered to an image and its one QR code read.
pub fn qr_pages(pdf: &Path) -> Vec<PageQr> {
    let (pages, page_cm) = pdf_info(pdf);
    (1..=pages)
        .map(|page| {
            let png = render_page(pdf, page);
            let (url, bounds) = decode_qr(&png);
            let width_px =
                f64::from(bounds[1].x - bounds[0].x).hypot(f64::from(bounds[1].y - bounds[0].y));
            PageQr {
                url,
                width_cm: width_px / DPI * 2.54,
                page_cm,
            }
        })
        .collect()
}

/// `(pages, (width, height) in cm of the first page)` from `pdfinfo`.
fn pdf_info(pdf: &Path) -> (u32, (f64, f64)) {
    let output = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (apt-get install poppler-utils)");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name} in {text}"))
            .to_owned()
    };
    let pages = field("Pages:").parse().unwrap();
    // "Page size:       595.276 x 841.89 pts (A4)"
    let size = field("Page size:");
    let mut numbers = size
        .split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok());
    let points_to_cm = |pt: f64| pt / 72.0 * 2.54;
    let width = points_to_cm(numbers.next().unwrap());
    let height = points_to_cm(numbers.next().unwrap());
    (pages, (width, height))
}

fn render_page(pdf: &Path, page: u32) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", &DPI.to_string(), "-png", "-singlefile"])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&out)
        .status()
        .expect("pdftoppm (apt-get install poppler-utils)");
    assert!(status.success());
    std::fs::read(out.with_extension("png")).unwrap()
}

fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 0.1,
        "{what}: {actual:.2} cm, expected {expected} cm"
    );
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn posters_print_one_page_each_with_a_code_a_phone_reads() {
    let app = spawn_app().await;
    let first = app.counter("sipas-quick").await;
    let second = app.counter("sipas-quick").await;
    let password = account(&app, "quanly", Role::Manager, Some("T01")).await;
    // The longest poster: with a header line above the unit's name. A sheet does not clip what
    // overflows it, so a poster too full for its paper prints on two pages and fails here.
    app.execute(
        "UPDATE unit SET poster_header = 'ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM' WHERE code = 'T01.TT'",
    )
    .await;
    let browser = Browser::desktop(1366, 768).await;
    sign_in(&browser, &app, "quanly", &password, "/admin/units/T01").await;

    for (size, paper) in [("a4", (21.0, 29.7)), ("a6", (10.5, 14.8))] {
        browser
            .goto(&format!(
                "{}/admin/counters/{}/poster?size={size}",
                app.address, first.id
            ))
            .await;
        let pdf = print_pdf(&browser, &format!("poster-{size}"), paper).await;
        let pages = qr_pages(&pdf);
        assert_eq!(pages.len(), 1, "{size}: one page");
        let page = &pages[0];
        assert_close(page.page_cm.0, paper.0, "page width");
        assert_close(page.page_cm.1, paper.1, "page height");
        assert_eq!(page.url, app.survey_url(&first));
        eprintln!("{size} poster: code {:.1} cm wide", page.width_cm);
        assert!(page.width_cm >= 4.0, "{size}: code {:.2} cm", page.width_cm);

        // The unit's posters: one page per counter, in order.
        browser
            .goto(&format!(
                "{}/admin/units/T01.TT/posters?size={size}",
                app.address
            ))
            .await;
        let pdf = print_pdf(&browser, &format!("posters-unit-{size}"), paper).await;
        let urls: Vec<String> = qr_pages(&pdf).into_iter().map(|p| p.url).collect();
        assert_eq!(urls, [app.survey_url(&first), app.survey_url(&second)]);
    }
    browser.quit().await;
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver, poppler and axe-core: .ci/run runs it with --ignored"]
async fn the_monthly_results_poster_prints_on_one_a4_page_with_a_code_to_the_results() {
    let clock = sipas::clock::Clock::starting_at(time::macros::datetime!(2026-11-10 02:00 UTC));
    let server_clock = clock.clone();
    let app = crate::helpers::spawn_app_with(move |config| {
        config.clock = server_clock;
        config.guards.min_answer_time = std::time::Duration::ZERO;
    })
    .await;
    let counter = app.counter("sipas-quick").await;
    // November: 31 responses, three minutes apart.
    for n in 0..31 {
        clock.set(time::macros::datetime!(2026-11-10 02:00 UTC) + time::Duration::minutes(3 * n));
        let (_, k, v) = app.open_survey(&counter).await;
        let sent = app
            .post_form(
                &app.survey_url(&counter),
                format!("k={k}&v={v}&lang=vi&q1=5&q2=4&q3=4&q4=5&q5=2"),
            )
            .await;
        assert_eq!(sent.status(), 303);
    }
    clock.set(time::macros::datetime!(2026-12-02 02:00 UTC));
    // The fullest poster: a header line, the figures, a long note, the code.
    let note = "Người dân phản ánh thời gian chờ lâu vào buổi sáng thứ Hai. ".repeat(6);
    app.execute(
        "UPDATE unit SET public_results = true, poster_header = 'ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM' \
         WHERE code = 'T01.TT'",
    )
    .await;
    app.execute(&format!(
        "INSERT INTO public_note (unit_id, period, text, written_by, written_at) \
         SELECT id, '2026-11', '{note}', 'test', '2026-12-01 02:00:00+00' FROM unit WHERE code = 'T01.TT'"
    ))
    .await;
    let password = account(&app, "quanly", Role::Manager, Some("T01.TT")).await;
    let browser = Browser::desktop(1366, 768).await;
    sign_in(&browser, &app, "quanly", &password, "/admin/units/T01.TT").await;
    browser
        .goto(&format!(
            "{}/admin/units/T01.TT/results-poster",
            app.address
        ))
        .await;
    let text = browser.text().await;
    assert!(text.contains("Tháng 11/2026"), "{text}");
    assert!(text.contains("31 người đánh giá"));
    assert!(text.contains("Ý kiến của người dân – việc chúng tôi đã làm"));
    // Its own stylesheet applies (the page's policy lets its inline styles through).
    let big = browser
        .js("return parseFloat(getComputedStyle(document.querySelector('.value')).fontSize);")
        .await;
    assert!(big.as_f64().unwrap() > 60.0, "index drawn at {big} px");
    let pdf = print_pdf(&browser, "results-poster-a4", (21.0, 29.7)).await;
    let pages = qr_pages(&pdf);
    assert_eq!(pages.len(), 1, "one page");
    assert_eq!(pages[0].url, format!("{}/results/T01.TT", app.address));
    browser.quit().await;
}

//! `GET /s/{token}`: the page a citizen sees, in Vietnamese or English, small and accessible.

use crate::helpers::spawn_app;

/// `(name, value)` of every radio input, in document order.
fn radios(html: &str) -> Vec<(String, String)> {
    html.match_indices("<input type=\"radio\"")
        .map(|(at, _)| {
            let tag = &html[at..at + html[at..].find('>').unwrap()];
            let attr = |name: &str| {
                let marker = format!("{name}=\"");
                let start = tag.find(&marker).unwrap() + marker.len();
                tag[start..start + tag[start..].find('"').unwrap()].to_owned()
            };
            (attr("name"), attr("value"))
        })
        .collect()
}

#[tokio::test]
async fn survey_shows_the_counter_questionnaire_in_vietnamese() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let response = app.get(&app.survey_url(&counter)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = response.text().await.unwrap();

    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("Trung tâm Phục vụ hành chính công xã Hòa Lạc"));
    assert!(html.contains("Quầy số 2 – Hộ tịch"));
    assert!(html.contains("Nơi tiếp nhận, trả kết quả dễ tìm, có hướng dẫn rõ ràng"));
    assert!(html.contains("Rất không hài lòng") && html.contains("Rất hài lòng"));
    // The switch to English is a visible link.
    assert!(html.contains(&format!("href=\"/s/{}?lang=en\"", counter.token)));
    assert!(html.contains(">English</a>"));

    // Five items, each a group of radios valued 1..5, in question order.
    let expected: Vec<(String, String)> = (1..=5)
        .flat_map(|q| (1..=5).map(move |v| (format!("q{q}"), v.to_string())))
        .collect();
    assert_eq!(radios(&html), expected);
    assert_eq!(html.matches("<fieldset").count(), 5);
    // Every input is labelled: each radio sits inside its own label, the comment has one.
    assert_eq!(html.matches("<label class=\"opt\">").count(), 25);
    assert!(html.contains("<label for=\"comment\">"));
    assert!(html.contains("id=\"comment\" name=\"comment\""));
    // No script at all: the form works with JavaScript off.
    assert!(!html.contains("<script"));
}

#[tokio::test]
async fn one_tap_and_full_instruments_have_their_scales() {
    let app = spawn_app().await;
    let one_tap = app.counter("one-tap").await;
    let (html, _, _) = app.open_survey(&one_tap).await;
    // One tap: each level is a submit button of its own value, with no radio and no send button.
    assert!(radios(&html).is_empty());
    for value in 1..=3 {
        assert!(
            html.contains(&format!(
                "<button class=\"opt\" type=\"submit\" name=\"q1\" value=\"{value}\">"
            )),
            "{value}"
        );
    }
    assert!(!html.contains("class=\"submit\""));
    assert!(html.contains("Không hài lòng") && html.contains("Rất hài lòng"));
    // A face per level, drawn from the page's symbols: a frown, then two smiles.
    assert_eq!(html.matches("<symbol").count(), 5);
    for face in ["#f1", "#f4", "#f5"] {
        assert!(html.contains(&format!("href=\"{face}\"")), "{face}");
    }
    // The hint describes the scale shown: three levels, one tap, nothing about 5.
    assert!(html.contains(
        "<p class=\"hint\">Chạm vào một mức để gửi ngay, từ 1 (Không hài lòng) đến 3 (Rất hài lòng).</p>"
    ));
    assert!(!html.contains("5 là"));

    let full = app.counter("sipas-full").await;
    let (html, _, _) = app.open_survey(&full).await;
    assert!(html.contains(
        "Chọn một mức cho mỗi câu, từ 1 (Rất không hài lòng) đến 5 (Rất hài lòng). Câu nào không \
         muốn trả lời, ông/bà có thể bỏ qua."
    ));
    let names: std::collections::BTreeSet<String> =
        radios(&html).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 19);
    assert_eq!(radios(&html).len(), 19 * 5);
    // Under the five element headings, with where the person is, and one send button.
    for heading in [
        "Tiếp cận dịch vụ",
        "Thủ tục hành chính",
        "Công chức trực tiếp giải quyết công việc",
        "Kết quả giải quyết thủ tục hành chính",
        "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
    ] {
        assert!(
            html.contains(&format!("<h2 class=\"element\">{heading}</h2>")),
            "{heading}"
        );
    }
    assert!(html.contains("Câu 1/19") && html.contains("Câu 7/19") && html.contains("Câu 19/19"));
    assert_eq!(html.matches("class=\"submit\"").count(), 1);
    assert_eq!(html.matches("<use href=\"#f").count(), 19 * 5);
}

#[tokio::test]
async fn english_by_query_or_by_browser_language() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let html = app
        .page(&format!("{}?lang=en", app.survey_url(&counter)))
        .await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("The counter was easy to find, with clear directions"));
    // Long English labels take a line per level on a phone (class `rows`) rather than break
    // inside a word; no soft hyphen is needed.
    assert!(html.contains("Very dissatisfied"));
    assert!(html.contains("class=\"scale rows\""));
    assert!(!html.contains('\u{ad}'));
    assert!(html.contains("Neutral"));
    assert!(html.contains(">Tiếng Việt</a>"));

    let html = app
        .page_with(
            &app.survey_url(&counter),
            "accept-language",
            "en-GB,en;q=0.9,vi;q=0.5",
        )
        .await;
    assert!(html.contains("<html lang=\"en\">"));

    // `?lang=vi` beats an English browser.
    let html = app
        .page_with(
            &format!("{}?lang=vi", app.survey_url(&counter)),
            "accept-language",
            "en",
        )
        .await;
    assert!(html.contains("<html lang=\"vi\">"));
}

#[tokio::test]
async fn page_and_css_fit_in_15_kb_gzipped() {
    let app = spawn_app().await;
    // The 19-item form is the largest page a citizen can get.
    for questionnaire in ["sipas-quick", "sipas-full"] {
        let counter = app.counter(questionnaire).await;
        let response = app
            .client
            .get(app.survey_url(&counter))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], "gzip");
        let page = response.bytes().await.unwrap();
        let html = {
            use std::io::Read;
            let mut text = String::new();
            flate2::read::GzDecoder::new(&page[..])
                .read_to_string(&mut text)
                .unwrap();
            text
        };
        // Citizens load the citizen stylesheet only, never the staff pages' rules.
        assert!(!html.contains("/static/staff-"), "{questionnaire}");
        assert_eq!(html.matches("rel=\"stylesheet\"").count(), 1);
        let css_path = &html[html.find("/static/citizen-").unwrap()..];
        let css_path = &css_path[..css_path.find('"').unwrap()];
        let css = app
            .client
            .get(format!("{}{}", app.address, css_path))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(css.status(), 200);
        assert_eq!(
            css.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let css = css.bytes().await.unwrap();
        let total = page.len() + css.len();
        println!(
            "{questionnaire}: page {} + css {} = {total} bytes gzipped",
            page.len(),
            css.len()
        );
        assert!(
            total <= 15 * 1024,
            "{questionnaire}: {total} bytes over the wire"
        );
    }
}

#[tokio::test]
async fn unknown_or_malformed_codes_answer_404_in_vietnamese() {
    let app = spawn_app().await;
    for token in ["AAAAAAAAAAAAAAAA", "nope", "%27%20OR%201%3D1--"] {
        let response = app.get(&format!("{}/s/{token}", app.address)).await;
        assert_eq!(response.status(), 404, "{token}");
        let html = response.text().await.unwrap();
        assert!(html.contains("Mã QR này không còn được sử dụng"), "{token}");
        assert!(html.contains("This QR code is no longer in use"));
    }
    let response = app.get(&format!("{}/no/such/page", app.address)).await;
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Không tìm thấy trang")
    );
}

#[tokio::test]
async fn thanks_page_in_both_languages() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let html = app
        .page(&format!("{}/thanks", app.survey_url(&counter)))
        .await;
    assert!(html.contains("Cảm ơn ông/bà!"));
    let html = app
        .page(&format!("{}/thanks?lang=en", app.survey_url(&counter)))
        .await;
    assert!(html.contains("Thank you!"));
}

/// Guards the CI's PostgreSQL run: when a server is named, the app really runs on it.
#[tokio::test]
async fn runs_on_the_database_it_was_given() {
    use sea_orm::DbBackend;
    let app = spawn_app().await;
    let expected = if std::env::var("SIPAS_TEST_POSTGRES_URL").is_ok() {
        DbBackend::Postgres
    } else {
        DbBackend::Sqlite
    };
    assert_eq!(app.db.writer.get_database_backend(), expected);
    assert_eq!(app.db.reader.get_database_backend(), expected);
}

//! QR codes and posters through the real CLI: the decoded code is exactly the survey URL, and
//! that URL opens the survey on the running server.

use crate::helpers::{TestApp, spawn_app, stdout};

fn decode_png(path: &std::path::Path) -> String {
    decode_bytes(&std::fs::read(path).unwrap())
}

fn decode_bytes(png: &[u8]) -> String {
    let image = image::load_from_memory(png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().unwrap().1
}

fn run_ok(app: &TestApp, args: &[&str]) -> String {
    let output = app.sipas(args);
    assert!(output.status.success(), "sipas {args:?}: {output:?}");
    stdout(&output)
}

#[tokio::test]
async fn the_png_code_decodes_to_the_survey_url_that_opens_the_survey() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let id = counter.id.to_string();
    let decoded = decode_bytes(&app.counter_png(counter.id));
    assert_eq!(decoded, format!("{}/s/{}", app.address, counter.token));
    let response = app.get(&decoded).await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Quầy số 2 – Hộ tịch")
    );

    // After a rotation the new code decodes to a new URL, and the old one is dead.
    run_ok(&app, &["counter", "rotate", "--counter", &id]);
    let rotated = decode_bytes(&app.counter_png(counter.id));
    assert_ne!(rotated, decoded);
    assert_eq!(app.get(&rotated).await.status(), 200);
    assert_eq!(app.get_until(&decoded, 404).await.status(), 404);
}

#[tokio::test]
async fn svg_and_posters_carry_the_code_names_and_instruction() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let dir = tempfile::tempdir().unwrap();
    let id = counter.id.to_string();
    let url = format!("{}/s/{}", app.address, counter.token);

    let svg = dir.path().join("quay.svg");
    run_ok(
        &app,
        &[
            "counter",
            "qr",
            "--counter",
            &id,
            "-o",
            svg.to_str().unwrap(),
        ],
    );
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("<svg") && svg.contains("<path"));
    // The SVG draws the same modules as the PNG of the same URL.
    assert_eq!(svg, sipas::qr::svg(&url).unwrap());

    for (size, page) in [("a4", "size:210mm 297mm"), ("a6", "size:105mm 148mm")] {
        let poster = dir.path().join(format!("poster-{size}.html"));
        run_ok(
            &app,
            &[
                "counter",
                "qr",
                "--counter",
                &id,
                "--format",
                "poster",
                "--size",
                size,
                "-o",
                poster.to_str().unwrap(),
            ],
        );
        let html = std::fs::read_to_string(poster).unwrap();
        assert!(html.contains(page), "{size}");
        assert!(html.contains("Trung tâm Phục vụ hành chính công xã Hòa Lạc"));
        assert!(html.contains("Quầy số 2 – Hộ tịch"));
        assert!(html.contains("Quét mã QR để đánh giá mức độ hài lòng của ông/bà"));
        assert!(html.contains(&url));
        assert!(html.contains(&sipas::qr::inline_svg(&url).unwrap()));
        assert_eq!(html.matches("class=\"sheet\"").count(), 1);
    }
}

#[tokio::test]
async fn one_command_writes_the_posters_of_every_counter_of_a_unit() {
    let app = spawn_app().await;
    let first = app.counter("sipas-quick").await;
    let second = app.counter("one-tap").await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("posters");
    run_ok(
        &app,
        &[
            "counter",
            "qr",
            "--unit",
            "T01",
            "--format",
            "poster",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    for counter in [&first, &second] {
        let file = out.join(format!("T01.TT-quay-{}.html", counter.id));
        let html = std::fs::read_to_string(&file).unwrap();
        assert!(html.contains(&counter.token.to_string()));
    }
    let all = std::fs::read_to_string(out.join("all-posters-a4.html")).unwrap();
    assert_eq!(all.matches("class=\"sheet\"").count(), 2);

    let pngs = dir.path().join("png");
    run_ok(
        &app,
        &[
            "counter",
            "qr",
            "--unit",
            "T01",
            "--format",
            "png",
            "-o",
            pngs.to_str().unwrap(),
        ],
    );
    let decoded = decode_png(&pngs.join(format!("T01.TT-quay-{}.png", second.id)));
    assert_eq!(decoded, format!("{}/s/{}", app.address, second.token));
}

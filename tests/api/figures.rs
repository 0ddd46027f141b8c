//! Figures through the real CLI (`sipas export`), on a hand-computed fixture: the worked example
//! of docs/methodology.md, skipped items, both methods, a rounding edge (0.625 → 0.63), shared ranks, small
//! samples, local midnight and the turn of the year. Expected values were computed by hand (and
//! checked with exact fractions), not by the code under test.

use serde_json::Value;
use sipas::db::{counters::CounterInfo, questionnaires, responses};
use sipas::domain::{IdempotencyKey, UnitCode, UnitKind};
use time::{OffsetDateTime, macros::datetime};

use crate::helpers::{TestApp, spawn_app, stdout};

/// Stores one response per row; `None` is a skipped item (by position).
async fn answer(app: &TestApp, counter: &CounterInfo, at: OffsetDateTime, rows: &[&[Option<u8>]]) {
    let version = questionnaires::current_version(&app.db.reader, counter.questionnaire_id)
        .await
        .unwrap()
        .unwrap();
    let batch: Vec<responses::NewResponse> = rows
        .iter()
        .map(|row| responses::NewResponse {
            counter_id: counter.id,
            unit_id: counter.unit_id,
            version_id: version.id,
            submitted_at: at,
            channel: responses::Channel::Qr,
            key: IdempotencyKey::generate().unwrap(),
            comment: None,
            answers: row
                .iter()
                .zip(&version.questions)
                .filter_map(|(value, q)| value.map(|v| (q.id, q.scale.point(v).unwrap())))
                .collect(),
        })
        .collect();
    responses::store_batch(&app.db, &batch).await.unwrap();
}

const WORKED_EXAMPLE: [&[Option<u8>]; 4] = [
    &[Some(5), Some(4), Some(3), Some(5), Some(4)],
    &[Some(4), Some(4), Some(4), Some(2), None],
    &[Some(2), Some(3), Some(5), Some(5), Some(5)],
    &[Some(5), Some(5), Some(5), Some(4), Some(1)],
];

/// Province P: A and D answer the worked example; B has a quick and a one-tap counter; C answers
/// two items of the full form 80 times (access = 1/160 = 0.625 %); E's one-tap ratings sit on
/// both sides of local midnight at the turn of a quarter and of the year.
pub(crate) async fn fixture() -> TestApp {
    let app = spawn_app().await;
    app.unit("P", "Tỉnh Phú Thử", UnitKind::Province, None)
        .await;
    for (code, name, kind) in [
        ("P.A", "Xã An", UnitKind::Commune),
        ("P.B", "Phường Bình", UnitKind::Commune),
        ("P.C", "Sở Công Thương", UnitKind::Department),
        ("P.D", "Xã Đông", UnitKind::Commune),
        ("P.E", "Đặc khu Én", UnitKind::Commune),
    ] {
        app.unit(code, name, kind, Some("P")).await;
        app.unit(
            &format!("{code}.TT"),
            &format!("Trung tâm {name}"),
            UnitKind::ServicePoint,
            Some(code),
        )
        .await;
    }
    let mid_q1 = datetime!(2025-02-10 03:00 UTC);
    let a = app.counter_of("P.A.TT", "Quầy A1", "sipas-quick").await;
    answer(&app, &a, mid_q1, &WORKED_EXAMPLE).await;
    let d = app.counter_of("P.D.TT", "Quầy D1", "sipas-quick").await;
    answer(&app, &d, mid_q1, &WORKED_EXAMPLE).await;

    let b1 = app.counter_of("P.B.TT", "Quầy B1", "sipas-quick").await;
    answer(
        &app,
        &b1,
        mid_q1,
        &[
            &[Some(5); 5],
            &[Some(1), Some(2), Some(3), Some(4), Some(5)],
        ],
    )
    .await;
    let b2 = app.counter_of("P.B.TT", "Quầy B2", "one-tap").await;
    answer(&app, &b2, mid_q1, &[&[Some(3)], &[Some(2)], &[Some(1)]]).await;

    let c = app.counter_of("P.C.TT", "Quầy C1", "sipas-full").await;
    let mut rows: Vec<&[Option<u8>]> = vec![&[Some(5), Some(2)]];
    rows.extend(std::iter::repeat_n(&[Some(1), Some(2)][..], 79));
    answer(&app, &c, mid_q1, &rows).await;

    let e = app.counter_of("P.E.TT", "Quầy E1", "one-tap").await;
    // 00:00 on 1 January 2025 in Vietnam: in 2025-Q1.
    answer(&app, &e, datetime!(2024-12-31 17:00 UTC), &[&[Some(3)]]).await;
    // 23:59:59 on 31 December 2024 in Vietnam: in 2024-Q4.
    answer(&app, &e, datetime!(2024-12-31 16:59:59 UTC), &[&[Some(1)]]).await;
    // 23:59:59 on 31 March 2025: still Q1.
    answer(&app, &e, datetime!(2025-03-31 16:59:59 UTC), &[&[Some(3)]]).await;
    // 00:00 on 1 April 2025 in Vietnam (17:00 UTC the day before): Q2.
    answer(&app, &e, datetime!(2025-03-31 17:00 UTC), &[&[Some(1)]]).await;
    app
}

pub(crate) fn export(app: &TestApp, args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let output = app.sipas(&all);
    assert!(output.status.success(), "sipas {all:?}: {output:?}");
    stdout(&output)
}

fn json(app: &TestApp, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&export(app, &all)).unwrap()
}

fn row<'a>(document: &'a Value, code: &str) -> &'a Value {
    document["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .unwrap_or_else(|| panic!("no row {code}"))
}

fn index(value: &Value) -> (u64, u64, Option<f64>) {
    (
        value["satisfied"].as_u64().unwrap(),
        value["valid"].as_u64().unwrap(),
        value["index"].as_f64(),
    )
}

#[tokio::test]
async fn pooled_figures_ranks_and_changes_by_children() {
    let app = fixture().await;
    let doc = json(
        &app,
        &["--unit", "P", "--period", "2025-Q1", "--min-sample", "4"],
    );
    assert_eq!(doc["period"], "2025-Q1");
    assert_eq!(doc["previous_period"], "2024-Q4");
    assert_eq!(doc["method"], "pooled");
    assert_eq!(
        doc["questionnaire_versions"],
        serde_json::json!(["one-tap v1", "sipas-full v1", "sipas-quick v1"])
    );
    let codes: Vec<&str> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    // Departments, then communes, each ranked on its own (docs/methodology.md): the department
    // C; then the communes in rank order (A and D tie at 1, by code), then E, whose sample is too
    // small.
    assert_eq!(codes, ["P.C", "P.A", "P.D", "P.B", "P.E"]);
    let peers: Vec<&str> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["peers"].as_str().unwrap())
        .collect();
    assert_eq!(
        peers,
        ["department", "commune", "commune", "commune", "commune"]
    );

    // The worked example, exactly as docs/methodology.md computes it.
    let a = row(&doc, "P.A");
    assert_eq!(a["respondents"], 4);
    assert_eq!(index(&a["sipas"]), (14, 19, Some(73.68)));
    assert_eq!(index(&a["elements"]["access"]), (3, 4, Some(75.0)));
    assert_eq!(index(&a["elements"]["feedback"]), (2, 3, Some(66.67)));
    // A quick counter and a one-tap counter add up by counts.
    assert_eq!(index(&row(&doc, "P.B")["sipas"]), (9, 13, Some(69.23)));
    assert_eq!(row(&doc, "P.B")["respondents"], 5);
    // 1/160 = 0.625 % rounds half away from zero.
    let c = row(&doc, "P.C");
    assert_eq!(index(&c["sipas"]), (1, 160, Some(0.63)));
    assert_eq!(index(&c["elements"]["access"]), (1, 160, Some(0.63)));
    assert_eq!(index(&c["elements"]["staff"]), (0, 0, None));

    // Ranks: among communes A and D tie (1, 1), B third; E has the best index but 2
    // respondents. C, the only department, is first among departments, not fourth of all.
    let rank = |code: &str| row(&doc, code)["rank"].clone();
    assert_eq!(
        [
            rank("P.A"),
            rank("P.D"),
            rank("P.B"),
            rank("P.C"),
            rank("P.E")
        ],
        [Value::from(1), 1.into(), 3.into(), 1.into(), Value::Null]
    );
    assert_eq!(row(&doc, "P.E")["insufficient_sample"], true);
    assert_eq!(index(&row(&doc, "P.E")["sipas"]), (2, 2, Some(100.0)));

    // Change against 2024-Q4, where only E answered (one rating of 1 → 0 %).
    assert_eq!(row(&doc, "P.E")["change"], 100.0);
    assert_eq!(row(&doc, "P.A")["change"], Value::Null);

    let total = &doc["total"];
    assert_eq!(total["code"], "P");
    assert_eq!(total["respondents"], 95);
    assert_eq!(index(&total["sipas"]), (40, 213, Some(18.78)));
    assert_eq!(index(&total["elements"]["access"]), (8, 170, Some(4.71)));
    assert_eq!(index(&total["elements"]["feedback"]), (6, 8, Some(75.0)));
    assert_eq!(total["change"], 18.78);
    assert_eq!(total["rank"], Value::Null);
    // The one-tap question is a row of its own: B2's 2 of 3 and E's 2 of 2 in the quarter. With
    // the five elements it adds up to the SIPAS index's valid answers.
    assert_eq!(index(&total["overall"]), (4, 5, Some(80.0)));
    assert_eq!(index(&row(&doc, "P.A")["overall"]), (0, 0, None));
    let elements_valid: u64 = total["elements"]
        .as_object()
        .unwrap()
        .values()
        .map(|e| e["valid"].as_u64().unwrap())
        .sum();
    assert_eq!(elements_valid + 5, 213);

    // With the default minimum sample of 30, only C is ranked.
    let doc = json(&app, &["--unit", "P", "--period", "2025-Q1"]);
    assert_eq!(row(&doc, "P.C")["rank"], 1);
    assert_eq!(row(&doc, "P.A")["rank"], Value::Null);
    assert_eq!(row(&doc, "P.A")["insufficient_sample"], true);
}

#[tokio::test]
async fn item_mean_method() {
    let app = fixture().await;
    let doc = json(
        &app,
        &[
            "--unit",
            "P",
            "--period",
            "2025-Q1",
            "--method",
            "item-mean",
        ],
    );
    assert_eq!(doc["method"], "item-mean");
    assert_eq!(row(&doc, "P.A")["sipas"]["index"], 73.33);
    assert_eq!(row(&doc, "P.B")["sipas"]["index"], 69.44);
    assert_eq!(row(&doc, "P.C")["elements"]["access"]["index"], 0.63);
    // S and V stay the pooled counts whatever the method.
    assert_eq!(index(&doc["total"]["sipas"]), (40, 213, Some(55.78)));
    assert_eq!(doc["total"]["elements"]["access"]["index"], 23.75);
}

#[tokio::test]
async fn periods_follow_vietnam_time() {
    let app = fixture().await;
    let e = |period: &str| {
        let doc = json(&app, &["--unit", "P", "--period", period]);
        let row = row(&doc, "P.E").clone();
        (
            row["respondents"].as_u64().unwrap(),
            row["sipas"]["index"].as_f64(),
        )
    };
    assert_eq!(e("2025-Q1"), (2, Some(100.0)));
    assert_eq!(e("2024-Q4"), (1, Some(0.0)));
    assert_eq!(e("2025-Q2"), (1, Some(0.0)));
    assert_eq!(e("2025-01-01"), (1, Some(100.0)));
    assert_eq!(e("2024-12-31"), (1, Some(0.0)));
    assert_eq!(e("2025-03-31..2025-04-01"), (2, Some(50.0)));
    assert_eq!(e("2025"), (3, Some(66.67)));
    assert_eq!(e("2024"), (1, Some(0.0)));
    assert_eq!(e("2025-H1"), (3, Some(66.67)));
    // ISO week 1 of 2025 runs from Monday 30/12/2024: it holds both ratings around midnight.
    assert_eq!(e("2025-W01"), (2, Some(50.0)));
    // A period with nothing: no index, never 0.
    assert_eq!(e("2023"), (0, None));
}

#[tokio::test]
async fn counters_and_items() {
    let app = fixture().await;
    let doc = json(
        &app,
        &[
            "--unit",
            "P.B",
            "--period",
            "2025-Q1",
            "--by",
            "counters",
            "--min-sample",
            "1",
        ],
    );
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["name"].as_str().unwrap().ends_with("Quầy B1"));
    assert_eq!(index(&rows[0]["sipas"]), (7, 10, Some(70.0)));
    assert_eq!(index(&rows[1]["sipas"]), (2, 3, Some(66.67)));
    assert_eq!(index(&rows[1]["elements"]["access"]), (0, 0, None));
    // B1 (5-point) and B2 (one tap, 3 levels) are never ranked against each other: each is
    // first among the counters of its scale.
    assert_eq!(
        [rows[0]["peers"].clone(), rows[1]["peers"].clone()],
        [Value::from("five_point"), Value::from("three_level")]
    );
    assert_eq!(
        [rows[0]["rank"].clone(), rows[1]["rank"].clone()],
        [Value::from(1), Value::from(1)]
    );

    let doc = json(
        &app,
        &["--unit", "P.A", "--period", "2025-Q1", "--by", "items"],
    );
    let items = doc["items"].as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["access", "procedure", "staff", "result", "feedback"]
    );
    assert_eq!(
        (
            items[0]["satisfied"].clone(),
            items[0]["valid"].clone(),
            items[0]["index"].clone()
        ),
        (3.into(), 4.into(), 75.0.into())
    );
    // Wilson 95% for 3 of 4.
    assert_eq!(
        (
            items[0]["interval_low"].clone(),
            items[0]["interval_high"].clone()
        ),
        (30.06.into(), 95.44.into())
    );
    assert_eq!(items[4]["index"], 66.67);
    assert_eq!(
        items[4]["text_vi"],
        "Dễ dàng góp ý, phản ánh và được phản hồi kịp thời"
    );
}

#[tokio::test]
async fn csv_has_a_bom_the_sipas_layout_and_the_same_figures() {
    let app = fixture().await;
    let csv = export(
        &app,
        &[
            "--unit",
            "P",
            "--period",
            "2025-Q1",
            "--min-sample",
            "4",
            "--format",
            "csv",
        ],
    );
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Kỳ: 2025-Q1 (01/01/2025 – 31/03/2025)"))
    );
    assert!(lines.iter().any(|l| l.contains("Phương pháp: gộp")));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("one-tap v1, sipas-full v1, sipas-quick v1"))
    );
    let header = lines.iter().position(|l| l.starts_with("STT,")).unwrap();
    assert_eq!(
        lines[header],
        "STT,Mã đơn vị,Đơn vị,Nhóm xếp hạng,Số phiếu,Số ý kiến hợp lệ,Chỉ số SIPAS (%),\
         Xếp hạng,Tăng/giảm so với kỳ trước (điểm %),Thay đổi thứ hạng,Tiếp cận dịch vụ (%),\
         Thủ tục hành chính (%),Công chức (%),Kết quả (%),\"Tiếp nhận, xử lý PAKN (%)\",\
         Câu hỏi đánh giá chung (%)"
    );
    assert_eq!(lines[header - 1], "");
    // The department first, ranked among departments; then the communes in rank order,
    // numbered as printed: A, D (tied with A), B, then E (too few respondents).
    assert_eq!(
        lines[header + 1],
        "1,P.C,Sở Công Thương,\"Sở, ban, ngành\",80,160,0.63,1,–,,0.63,–,–,–,–,–"
    );
    assert_eq!(
        lines[header + 2],
        "2,P.A,Xã An,\"Xã, phường, đặc khu\",4,19,73.68,1,–,,75.00,75.00,75.00,75.00,66.67,–"
    );
    assert!(
        lines[header + 3].starts_with("3,P.D,Xã Đông,"),
        "{}",
        lines[header + 3]
    );
    assert!(
        lines[header + 4].starts_with("4,P.B,"),
        "{}",
        lines[header + 4]
    );
    assert_eq!(
        lines[header + 5],
        "5,P.E,Đặc khu Én,\"Xã, phường, đặc khu\",2,2,100.00,Chưa đủ mẫu,100.00,,–,–,–,–,–,\
         100.00"
    );
    assert_eq!(
        lines[header + 6],
        ",P,Toàn đơn vị: Tỉnh Phú Thử,,95,213,18.78,,18.78,,4.71,70.00,70.00,80.00,75.00,80.00"
    );
    // Column by column over the five rows (B: procedure 1/2, staff 1/2, result 2/2, feedback 2/2;
    // the one-tap question: B 2/3, E 2/2).
    assert_eq!(
        lines[header + 7],
        ",,Thấp nhất,,2,2,0.63,,100.00,,0.63,50.00,50.00,75.00,66.67,66.67"
    );
    assert_eq!(
        lines[header + 8],
        ",,Cao nhất,,80,160,100.00,,100.00,,75.00,75.00,75.00,100.00,100.00,100.00"
    );
}

#[tokio::test]
async fn xlsx_opens_back_with_the_same_cells() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let app = fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sipas.xlsx");
    export(
        &app,
        &[
            "--unit",
            "P",
            "--period",
            "2025-Q1",
            "--min-sample",
            "4",
            "--format",
            "xlsx",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    let mut workbook: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = workbook.worksheet_range("SIPAS").unwrap();
    let text = |row: u32, col: u32| match sheet.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row},{col}) is {other:?}"),
    };
    let number = |row: u32, col: u32| match sheet.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({row},{col}) is {other:?}"),
    };
    assert!(text(0, 0).contains("SIPAS"));
    assert_eq!(text(1, 0), "Đơn vị: Tỉnh Phú Thử (P)");
    let header = (0..20)
        .find(|r| matches!(sheet.get_value((*r, 0)), Some(Data::String(s)) if s == "STT"))
        .unwrap();
    assert_eq!(text(header, 3), "Nhóm xếp hạng");
    assert_eq!(text(header, 6), "Chỉ số SIPAS (%)");
    assert_eq!(text(header, 14), "Tiếp nhận, xử lý PAKN (%)");
    assert_eq!(text(header, 15), "Câu hỏi đánh giá chung (%)");
    // As in the CSV: the department C, then the communes A, D, B in rank order, then E.
    assert_eq!(text(header + 1, 1), "P.C");
    assert_eq!(text(header + 1, 3), "Sở, ban, ngành");
    assert_eq!(number(header + 1, 6), 0.63);
    assert_eq!(number(header + 1, 7), 1.0);
    assert_eq!(text(header + 1, 14), "–");
    // P.A: numbers, not text.
    assert_eq!(text(header + 2, 1), "P.A");
    assert_eq!(text(header + 2, 3), "Xã, phường, đặc khu");
    assert_eq!(number(header + 2, 4), 4.0);
    assert_eq!(number(header + 2, 6), 73.68);
    assert_eq!(number(header + 2, 7), 1.0);
    assert_eq!(number(header + 2, 14), 66.67);
    assert_eq!(text(header + 3, 1), "P.D");
    assert_eq!(text(header + 4, 1), "P.B");
    assert_eq!(text(header + 5, 7), "Chưa đủ mẫu");
    assert_eq!(number(header + 5, 15), 100.0);
    assert_eq!(number(header + 6, 6), 18.78);
    assert_eq!(number(header + 6, 15), 80.0);
}

#[tokio::test]
async fn bad_export_arguments_are_refused_clearly() {
    let app = fixture().await;
    for (args, message) in [
        (
            vec!["--unit", "NOPE", "--period", "2025", "--format", "json"],
            "không có đơn vị mã «NOPE»",
        ),
        (
            vec!["--unit", "P", "--period", "2025-Q5", "--format", "json"],
            "kỳ «2025-Q5» không hợp lệ",
        ),
        (
            vec!["--unit", "P", "--period", "2025", "--format", "pdf"],
            "định dạng «pdf» không hợp lệ",
        ),
        (
            vec![
                "--unit", "P", "--period", "2025", "--format", "csv", "--method", "mean",
            ],
            "phương pháp «mean» không hợp lệ",
        ),
        (
            vec![
                "--unit", "P", "--period", "2025", "--format", "csv", "--by", "x",
            ],
            "cách nhóm «x» không hợp lệ",
        ),
    ] {
        let mut all = vec!["export"];
        all.extend(args);
        let output = app.sipas(&all);
        assert!(!output.status.success(), "{all:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{all:?}: {stderr}");
    }
}

#[tokio::test]
async fn figures_from_tallies_equal_figures_from_raw_answers_and_add_up() {
    use sipas::domain::figures::{Method, Tally};
    use sipas::domain::{LocalDay, Period};
    use sipas::report::{self, GroupBy, ReportRequest, Rows};

    let app = spawn_app().await;
    app.unit("R", "Tỉnh Ngẫu Nhiên", UnitKind::Province, None)
        .await;
    let mut counters = Vec::new();
    for child in ["R.X", "R.Y", "R.Z"] {
        app.unit(child, child, UnitKind::Commune, Some("R")).await;
        app.unit(
            &format!("{child}.TT"),
            child,
            UnitKind::ServicePoint,
            Some(child),
        )
        .await;
        for questionnaire in ["sipas-quick", "sipas-full", "one-tap"] {
            let c = app
                .counter_of(&format!("{child}.TT"), questionnaire, questionnaire)
                .await;
            let version = questionnaires::current_version(&app.db.reader, c.questionnaire_id)
                .await
                .unwrap()
                .unwrap();
            counters.push((child, c, version));
        }
    }
    let catalog = sipas::db::figures::question_catalog(&app.db.reader)
        .await
        .unwrap();

    // 600 responses between 01/11/2024 and 31/03/2025, at any hour (midnight included).
    let mut rng = sipas::synthetic::SplitMix64::new(7);
    let start = datetime!(2024-10-31 17:00 UTC);
    let mut raw = Vec::new();
    let mut batch = Vec::new();
    for _ in 0..600 {
        let (child, counter, version) = &counters[rng.below(counters.len() as u64) as usize];
        let at = start + time::Duration::seconds(rng.below(151 * 86_400) as i64);
        let mut answers = Vec::new();
        for q in &version.questions {
            if rng.below(5) > 0 {
                let top = u64::from(*q.scale.points().end());
                answers.push((q.id, q.scale.point(1 + rng.below(top) as u8).unwrap()));
            }
        }
        if answers.is_empty() {
            let q = &version.questions[0];
            answers.push((q.id, q.scale.point(1).unwrap()));
        }
        raw.push((*child, LocalDay::of(at), answers.clone()));
        batch.push(responses::NewResponse {
            counter_id: counter.id,
            unit_id: counter.unit_id,
            version_id: version.id,
            submitted_at: at,
            channel: responses::Channel::Qr,
            key: IdempotencyKey::generate().unwrap(),
            comment: None,
            answers,
        });
    }
    responses::store_batch(&app.db, &batch).await.unwrap();

    let from_raw = |child: &str, period: &Period| {
        let mut tally = Tally::default();
        for (c, day, answers) in &raw {
            if *c == child && (period.first()..=period.last()).contains(day) {
                tally.respondents += 1;
                for (question, point) in answers {
                    let info = &catalog[question];
                    tally.add_answers(&info.key, info.element, info.scale, point.get(), 1);
                }
            }
        }
        tally
    };
    let build = |period: &str, method: Method| {
        let request = ReportRequest {
            unit: UnitCode::parse("R").unwrap(),
            period: Period::parse(period).unwrap(),
            by: GroupBy::Children,
            method,
            min_sample: 1,
        };
        let db = app.db.clone();
        async move { report::build(&db, &request).await.unwrap() }
    };
    for period in [
        "2025-Q1",
        "2024-12",
        "2025-01-15..2025-02-20",
        "2024-11-30..2024-12-01",
        "2025-W05",
        "2025-03-31",
    ] {
        for method in [Method::Pooled, Method::ItemMean] {
            let report = build(period, method).await;
            let Rows::Units(rows) = &report.rows else {
                panic!()
            };
            let mut sum_s = 0;
            let mut sum_v = 0;
            let mut sum_respondents = 0;
            for row in rows {
                let expected = from_raw(&row.code, &report.period);
                assert_eq!(
                    row.respondents, expected.respondents,
                    "{period} {}",
                    row.code
                );
                assert_eq!(
                    row.sipas,
                    expected.sipas(method),
                    "{period} {} {method:?}",
                    row.code
                );
                for (i, element) in sipas::domain::Element::ALL.into_iter().enumerate() {
                    assert_eq!(
                        row.elements[i],
                        expected.element(element, method),
                        "{period} {} {element:?}",
                        row.code
                    );
                }
                sum_s += row.sipas.satisfied;
                sum_v += row.sipas.valid;
                sum_respondents += row.respondents;
            }
            // Splitting the province into its children and adding the counts back.
            assert_eq!(
                (report.total.sipas.satisfied, report.total.sipas.valid),
                (sum_s, sum_v)
            );
            assert_eq!(report.total.respondents, sum_respondents);
        }
    }
    // Splitting a period and adding the counts back.
    let whole = build("2025-01-15..2025-02-20", Method::Pooled).await;
    let first = build("2025-01-15..2025-01-31", Method::Pooled).await;
    let second = build("2025-02-01..2025-02-20", Method::Pooled).await;
    assert_eq!(
        whole.total.respondents,
        first.total.respondents + second.total.respondents
    );
    assert_eq!(
        whole.total.sipas.satisfied,
        first.total.sipas.satisfied + second.total.sipas.satisfied
    );
    assert_eq!(
        whole.total.sipas.valid,
        first.total.sipas.valid + second.total.sipas.valid
    );
    assert!(whole.total.respondents > 50);
}

#[tokio::test]
async fn raw_export_has_one_row_per_counted_response_and_one_column_per_item() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let app = fixture().await;
    let csv = export(
        &app,
        &[
            "--unit", "P.A", "--period", "2025-Q1", "--raw", "--format", "csv",
        ],
    );
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "Mã phiếu,Thời điểm (giờ Việt Nam),Ngày,Mã đơn vị,Quầy,Phiếu hỏi,\
         sipas-quick:access,sipas-quick:procedure,sipas-quick:staff,sipas-quick:result,sipas-quick:feedback,Góp ý"
    );
    assert_eq!(lines.len(), 1 + 4);
    // R2 of the worked example: feedback skipped is an empty cell; 03:00 UTC is 10:00 in Vietnam.
    let r2: Vec<&str> = lines[2].split(',').collect();
    assert_eq!(
        &r2[1..],
        [
            "10/02/2025 10:00:00",
            "10/02/2025",
            "P.A.TT",
            "Quầy A1",
            "sipas-quick v1",
            "4",
            "4",
            "4",
            "2",
            "",
            ""
        ]
    );

    // The whole province: the columns of every version answered, and 95 responses.
    let json = export(
        &app,
        &[
            "--unit", "P", "--period", "2025-Q1", "--raw", "--format", "json",
        ],
    );
    let rows: Vec<Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.len(), 95);
    let e = rows
        .iter()
        .find(|r| r["local_day"] == "2025-01-01")
        .unwrap();
    assert_eq!(e["answers"], serde_json::json!({"one-tap:overall": 3}));
    assert_eq!(e["submitted_at"], "2024-12-31T17:00:00Z");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("raw.xlsx");
    export(
        &app,
        &[
            "--unit",
            "P",
            "--period",
            "2025-Q1",
            "--raw",
            "--format",
            "xlsx",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    let mut workbook: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = workbook.worksheet_range("Phiếu 1").unwrap();
    assert_eq!(sheet.height(), 1 + 95);
    assert_eq!(
        sheet.get_value((0, 0)),
        Some(&Data::String("Mã phiếu".into()))
    );
    // An empty period exports a header alone.
    let csv = export(
        &app,
        &[
            "--unit", "P", "--period", "2023", "--raw", "--format", "csv",
        ],
    );
    assert_eq!(csv.lines().count(), 1);
}

#[tokio::test]
async fn months_give_a_trend_with_empty_months_shown() {
    let app = fixture().await;
    let doc = json(
        &app,
        &["--unit", "P", "--period", "2025-Q1", "--by", "months"],
    );
    let rows = doc["rows"].as_array().unwrap();
    let codes: Vec<&str> = rows.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["2025-01", "2025-02", "2025-03"]);
    assert_eq!(rows[1]["name"], "02/2025");
    let respondents: Vec<u64> = rows
        .iter()
        .map(|r| r["respondents"].as_u64().unwrap())
        .collect();
    assert_eq!(respondents, [1, 93, 1]);
    assert_eq!(index(&rows[0]["sipas"]), (1, 1, Some(100.0)));
    // February: A 14/19 + B 9/13 + C 1/160 + D 14/19 = 38/211.
    assert_eq!(index(&rows[1]["sipas"]), (38, 211, Some(18.01)));
    assert_eq!(rows[0]["change"], Value::Null);
    assert_eq!(rows[1]["change"], -81.99);
    assert_eq!(rows[2]["change"], 81.99);
    // Months are a trend, not a ranking.
    assert!(rows.iter().all(|r| r["rank"].is_null()));
    assert_eq!(doc["total"]["respondents"], 95);

    // Edge days of a range fold into their months; a month without data has no index.
    let doc = json(
        &app,
        &[
            "--unit",
            "P.E",
            "--period",
            "2025-03-15..2025-05-10",
            "--by",
            "months",
        ],
    );
    let rows = doc["rows"].as_array().unwrap();
    let summary: Vec<(u64, Option<f64>)> = rows
        .iter()
        .map(|r| {
            (
                r["respondents"].as_u64().unwrap(),
                r["sipas"]["index"].as_f64(),
            )
        })
        .collect();
    assert_eq!(summary, [(1, Some(100.0)), (1, Some(0.0)), (0, None)]);
}

/// The item-mean of five access items (one on the quick form, four on the full form) is
/// 67.464999999963…%: exactly rounded it is 67.46. Rounding a float nudged by 1e-9 showed 67.47.
#[tokio::test]
async fn an_item_mean_a_hair_below_a_half_rounds_down() {
    let app = spawn_app().await;
    app.unit("R", "Tỉnh Rạch", UnitKind::Province, None).await;
    app.unit("R.TT", "Trung tâm Rạch", UnitKind::ServicePoint, Some("R"))
        .await;
    let quick = app.counter_of("R.TT", "Quầy nhanh", "sipas-quick").await;
    let full = app.counter_of("R.TT", "Quầy đầy đủ", "sipas-full").await;
    let at = datetime!(2025-05-05 03:00 UTC);
    // Quick form, item 1 (access): 80 satisfied of 101.
    let quick_rows: Vec<Vec<Option<u8>>> = (0..101)
        .map(|r| vec![Some(if r < 80 { 5 } else { 1 })])
        .collect();
    let rows: Vec<&[Option<u8>]> = quick_rows.iter().map(Vec::as_slice).collect();
    answer(&app, &quick, at, &rows).await;
    // Full form, items 1–4 (access): 94/103, 76/107, 35/109, 72/113, over 113 responses.
    let items = [(94, 103), (76, 107), (35, 109), (72, 113)];
    let full_rows: Vec<Vec<Option<u8>>> = (0..113)
        .map(|r| {
            items
                .iter()
                .map(|&(satisfied, valid)| match r {
                    r if r < satisfied => Some(5),
                    r if r < valid => Some(1),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let rows: Vec<&[Option<u8>]> = full_rows.iter().map(Vec::as_slice).collect();
    answer(&app, &full, at, &rows).await;

    let args = ["--unit", "R", "--period", "2025", "--by", "counters"];
    let mut item_mean = args.to_vec();
    item_mean.extend(["--method", "item-mean"]);
    let doc = json(&app, &item_mean);
    assert_eq!(doc["total"]["respondents"], 214);
    assert_eq!(doc["total"]["elements"]["access"]["index"], 67.46);
    assert_eq!(doc["total"]["sipas"]["index"], 67.46);
    let mut csv_args = item_mean.clone();
    csv_args.extend(["--format", "csv"]);
    let csv = export(&app, &csv_args);
    assert!(csv.contains(",67.46,"), "{csv}");
    assert!(!csv.contains("67.47"), "{csv}");
    // Pooled: 357 / 533 = 66.979…%.
    let doc = json(&app, &args);
    assert_eq!(
        index(&doc["total"]["elements"]["access"]),
        (357, 533, Some(66.98))
    );
}

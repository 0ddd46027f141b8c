//! `POST /s/{token}`: strict validation, one transaction, acknowledgement after the commit,
//! idempotency, rotated tokens, and tallies that equal the stored answers.

use sipas::db::{responses, tallies};
use sipas::domain::{IdempotencyKey, Scale};

use crate::helpers::{TestApp, hidden_value, spawn_app};

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

async fn assert_nothing_stored(app: &TestApp) {
    assert_eq!(app.responses().await, 0);
    assert_eq!(app.answers().await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM tally_daily").await, 0);
}

#[tokio::test]
async fn the_full_citizen_path_stores_one_response() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let (_, k, v) = app.open_survey(&counter).await;

    // R2 of the worked example: 4 4 4 2 and feedback skipped, with a Vietnamese comment.
    let body = format!(
        "k={k}&v={v}&lang=vi&q1=4&q2=4&q3=4&q4=2&comment={}",
        encode("Cán bộ hướng dẫn tận tình")
    );
    let response = app.post_form(&app.survey_url(&counter), body).await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    // The key lets the thank-you page add a comment to this response.
    assert_eq!(
        location,
        format!("/s/{}/thanks?lang=vi&k={k}", counter.token)
    );
    let thanks = app.get(&format!("{}{location}", app.address)).await;
    assert_eq!(thanks.status(), 200);
    assert!(thanks.text().await.unwrap().contains("Cảm ơn ông/bà!"));

    assert_eq!(app.responses().await, 1);
    let stored = app
        .rows(&format!(
            "SELECT r.channel || '|' || r.status || '|' || r.comment || '|' || r.counter_id || '|' || r.unit_id \
             FROM response r WHERE r.idempotency_key = '{k}'"
        ))
        .await;
    assert_eq!(
        stored,
        [format!(
            "qr|counted|Cán bộ hướng dẫn tận tình|{}|{}",
            counter.id, counter.unit_id
        )]
    );
    let answers = app
        .rows(
            "SELECT q.code || '=' || a.value FROM answer a JOIN question q ON q.id = a.question_id \
             ORDER BY q.position",
        )
        .await;
    assert_eq!(answers, ["access=4", "procedure=4", "staff=4", "result=2"]);
    // The local day is Vietnam's: compare with what the domain computes for now (+7 h).
    let day = app.scalar("SELECT local_day FROM response").await;
    let expected = sipas::domain::LocalDay::of(time::OffsetDateTime::now_utc()).yyyymmdd();
    assert!(
        (i64::from(expected) - day).abs() <= 1,
        "{day} vs {expected}"
    );
    let tally = app
        .rows(
            "SELECT t.n1 || ',' || t.n2 || ',' || t.n3 || ',' || t.n4 || ',' || t.n5 FROM tally_daily t \
             JOIN question q ON q.id = t.question_id ORDER BY q.position",
        )
        .await;
    assert_eq!(tally, ["0,0,0,1,0", "0,0,0,1,0", "0,0,0,1,0", "0,1,0,0,0"]);
}

#[tokio::test]
async fn english_submission_redirects_to_english_thanks() {
    let app = spawn_app().await;
    let counter = app.counter("one-tap").await;
    let response = app
        .get(&format!("{}?lang=en", app.survey_url(&counter)))
        .await;
    let html = response.text().await.unwrap();
    let (k, v) = (hidden_value(&html, "k"), hidden_value(&html, "v"));
    assert_eq!(hidden_value(&html, "lang"), "en");
    let response = app
        .post_form(
            &app.survey_url(&counter),
            format!("k={k}&v={v}&lang=en&q1=3"),
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(
        response.headers()["location"]
            .to_str()
            .unwrap()
            .contains("thanks?lang=en&k=")
    );
    assert_eq!(app.scalar("SELECT value FROM answer").await, 3);
}

#[tokio::test]
async fn bad_input_is_refused_with_422_and_a_message_and_nothing_is_stored() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let (_, k, v) = app.open_survey(&counter).await;
    let url = app.survey_url(&counter);
    let too_long = "ệ".repeat(2001);
    let cases: Vec<(String, &str)> = vec![
        (
            format!("k={k}&v={v}&q1=5&evil=1"),
            "Phiếu gửi lên có trường không hợp lệ",
        ),
        (
            format!("k={k}&v={v}&q1=5&q1=4"),
            "Phiếu gửi lên có trường không hợp lệ",
        ),
        (format!("k={k}&v={v}&q1=6&q2=4"), "Câu trả lời không hợp lệ"),
        (format!("k={k}&v={v}&q1=0"), "Câu trả lời không hợp lệ"),
        (format!("k={k}&v={v}&q1=-1"), "Câu trả lời không hợp lệ"),
        (
            format!("k={k}&v={v}&q1=99999999999999999999"),
            "Câu trả lời không hợp lệ",
        ),
        (
            format!("k={k}&v={v}&q1=%27%3B+DROP+TABLE+response%3B--"),
            "Câu trả lời không hợp lệ",
        ),
        (
            format!("k={k}&v={v}&q9=5"),
            "Phiếu gửi lên có trường không hợp lệ",
        ),
        (
            format!("k={k}&v={v}&q1=5&comment={}", encode(&too_long)),
            "Góp ý quá dài",
        ),
        (
            format!("k={k}&v={v}&q1=5&comment=a%00b"),
            "Góp ý có ký tự không hợp lệ",
        ),
        (
            format!("k={k}&v={v}&comment=hello"),
            "Vui lòng trả lời ít nhất một câu hỏi",
        ),
        (
            format!("k={k}&v={v}"),
            "Vui lòng trả lời ít nhất một câu hỏi",
        ),
        (String::new(), "Phiếu đã cũ hoặc không đầy đủ"),
        (format!("v={v}&q1=5"), "Phiếu đã cũ hoặc không đầy đủ"),
        (
            format!("k={k}&v=999999&q1=5"),
            "Phiếu đã cũ hoặc không đầy đủ",
        ),
        (
            format!("k={k}&v={v}&q1=5&lang=xx"),
            "Phiếu gửi lên có trường không hợp lệ",
        ),
        (
            format!("k={k}&v={v}&comment=%C3%28&q1=5"),
            "Phiếu gửi lên có trường không hợp lệ",
        ),
    ];
    for (body, message) in &cases {
        let response = app.post_form(&url, body.clone()).await;
        assert_eq!(response.status(), 422, "{body:.80}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{body:.80}: expected «{message}»");
        assert!(html.contains("Phiếu chưa gửi được"), "{body:.80}");
        // The form comes back, ready to send again.
        assert!(html.contains("<form method=\"post\""), "{body:.80}");
    }
    // Invalid UTF-8 straight in the body.
    let response = app
        .client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'q', b'1', b'=', 0xff, 0xfe])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_refused_form_keeps_the_persons_choices_and_comment() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let (_, k, v) = app.open_survey(&counter).await;
    let comment = format!("Giữ lại <b>nội dung</b> {}", "x".repeat(2000));
    let body = format!("k={k}&v={v}&q1=7&q2=4&q5=1&comment={}", encode(&comment));
    let response = app.post_form(&app.survey_url(&counter), body).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("name=\"q2\" value=\"4\" checked"));
    assert!(html.contains("name=\"q5\" value=\"1\" checked"));
    assert!(!html.contains("name=\"q1\" value=\"5\" checked"));
    // The comment is shown again, escaped, so the person can shorten it.
    assert!(html.contains("Giữ lại &lt;b&gt;nội dung&lt;/b&gt;"));
    assert!(html.contains("Góp ý quá dài"));
    // The same idempotency key is kept for the corrected form.
    assert_eq!(hidden_value(&html, "k"), k);
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn messages_follow_the_page_language() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let (_, k, v) = app.open_survey(&counter).await;
    let response = app
        .post_form(&app.survey_url(&counter), format!("k={k}&v={v}&lang=en"))
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Please answer at least one question."));
    assert!(html.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn wrong_content_type_is_415_and_oversized_body_is_413() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let (_, k, v) = app.open_survey(&counter).await;
    let url = app.survey_url(&counter);
    for content_type in [
        "application/json",
        "text/plain",
        "multipart/form-data; boundary=x",
    ] {
        let response = app
            .client
            .post(&url)
            .header("content-type", content_type)
            .body(format!("k={k}&v={v}&q1=5"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 415, "{content_type}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Định dạng gửi lên không được hỗ trợ")
        );
    }
    let response = app
        .client
        .post(&url)
        .body(format!("k={k}&v={v}&q1=5"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);

    let huge = format!("k={k}&v={v}&q1=5&comment={}", "a".repeat(64 * 1024));
    let response = app.post_form(&url, huge).await;
    assert_eq!(response.status(), 413);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Nội dung gửi lên quá lớn")
    );
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_form_sent_twice_stores_one_response() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let url = app.survey_url(&counter);

    // A double tap: the same form, one after the other.
    let (_, k, v) = app.open_survey(&counter).await;
    let body = format!("k={k}&v={v}&q1=5&q2=5");
    for _ in 0..2 {
        let response = app.post_form(&url, body.clone()).await;
        assert_eq!(response.status(), 303);
    }
    assert_eq!(app.responses().await, 1);

    // A retry storm: ten sends of one form at once.
    let (_, k, v) = app.open_survey(&counter).await;
    let body = format!("k={k}&v={v}&q3=4");
    let mut sends = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let request = app
            .client
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.clone());
        sends.spawn(async move { request.send().await.unwrap().status() });
    }
    for status in sends.join_all().await {
        assert_eq!(status, 303);
    }
    assert_eq!(app.responses().await, 2);
    assert_eq!(app.answers().await, 3);
    assert!(
        tallies::differences(&app.db.reader)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_rotated_token_answers_404_and_the_new_one_works() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let old_url = app.survey_url(&counter);
    let (_, k, v) = app.open_survey(&counter).await;

    let output = app.sipas(&["counter", "rotate", "--counter", &counter.id.to_string()]);
    assert!(output.status.success(), "{output:?}");
    let new_url = crate::helpers::stdout(&output)
        .lines()
        .last()
        .unwrap()
        .to_owned();
    assert_ne!(new_url, old_url);

    // Rotated by another process: the running server sees it within its cache's freshness.
    let response = app.get_until(&old_url, 404).await;
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Mã QR này không còn được sử dụng")
    );
    // A form opened before the rotation can no longer be sent through the old code.
    let response = app.post_form(&old_url, format!("k={k}&v={v}&q1=5")).await;
    assert_eq!(response.status(), 404);
    assert_nothing_stored(&app).await;

    let response = app.get(&new_url).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let body = format!(
        "k={}&v={}&q1=5",
        hidden_value(&html, "k"),
        hidden_value(&html, "v")
    );
    assert_eq!(app.post_form(&new_url, body).await.status(), 303);
    assert_eq!(app.responses().await, 1);
}

#[tokio::test]
async fn tallies_equal_the_stored_answers() {
    let app = spawn_app().await;
    let quick = app.counter("sipas-quick").await;
    let one_tap = app.counter("one-tap").await;
    // The worked example of docs/methodology.md, plus three one-tap ratings.
    let rows = ["5,4,3,5,4", "4,4,4,2,", "2,3,5,5,5", "5,5,5,4,1"];
    for row in rows {
        let (_, k, v) = app.open_survey(&quick).await;
        let mut body = format!("k={k}&v={v}");
        for (i, value) in row.split(',').enumerate() {
            if !value.is_empty() {
                body.push_str(&format!("&q{}={value}", i + 1));
            }
        }
        assert_eq!(
            app.post_form(&app.survey_url(&quick), body).await.status(),
            303
        );
    }
    for value in [3, 2, 1] {
        let (_, k, v) = app.open_survey(&one_tap).await;
        let body = format!("k={k}&v={v}&q1={value}");
        assert_eq!(
            app.post_form(&app.survey_url(&one_tap), body)
                .await
                .status(),
            303
        );
    }
    assert_eq!(app.responses().await, 7);
    assert_eq!(app.answers().await, 19 + 3);
    // The daily tally holds the same counts as the raw answers: answers at points 1 … 5.
    let tally = app
        .rows(
            "SELECT q.code || ':' || t.n1 || ',' || t.n2 || ',' || t.n3 || ',' || t.n4 || ',' || t.n5 \
             FROM tally_daily t JOIN question q ON q.id = t.question_id \
             WHERE t.counter_id = (SELECT MIN(id) FROM counter) ORDER BY q.position",
        )
        .await;
    assert_eq!(
        tally,
        [
            "access:0,1,0,1,2",
            "procedure:0,0,1,2,1",
            "staff:0,0,1,1,2",
            "result:0,1,0,1,2",
            "feedback:1,0,0,1,1",
        ]
    );
    assert_eq!(
        app.scalar("SELECT CAST(SUM(n1 + n2 + n3 + n4 + n5) AS BIGINT) FROM tally_daily")
            .await,
        22
    );
    assert!(
        tallies::differences(&app.db.reader)
            .await
            .unwrap()
            .is_empty()
    );
    let output = app.sipas(&["verify"]);
    assert!(output.status.success(), "{output:?}");
}

#[tokio::test]
async fn verify_finds_a_changed_tally_and_a_changed_answer_list() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let (_, k, v) = app.open_survey(&counter).await;
    let body = format!("k={k}&v={v}&q1=5&q2=4&q4=2");
    assert_eq!(
        app.post_form(&app.survey_url(&counter), body)
            .await
            .status(),
        303
    );
    // The compact copy that raw exports read: question ids in order, with their values.
    let expected = app
        .rows(
            "SELECT q.id || ':' || a.value FROM answer a JOIN question q ON q.id = a.question_id \
             ORDER BY q.id",
        )
        .await
        .join(",");
    assert_eq!(app.rows("SELECT answers FROM response").await, [expected]);
    assert!(app.sipas(&["verify"]).status.success());

    app.execute(
        "UPDATE tally_monthly SET n5 = n5 + 1 \
         WHERE question_id = (SELECT MIN(question_id) FROM answer)",
    )
    .await;
    app.execute("UPDATE response SET answers = '1:1'").await;
    let output = app.sipas(&["verify"]);
    let text = crate::helpers::stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("Lệch 2 dòng"), "{text}");
    assert!(text.contains("tally_monthly"), "{text}");
    assert!(text.contains("response.answers\tresponse="), "{text}");
}

#[tokio::test]
async fn a_failing_write_leaves_nothing_half_stored() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let point = Scale::FivePoint.point(5).unwrap();
    // The second answer names a question that does not exist: the foreign key fails after the
    // response row and the first answer were written, inside the same transaction.
    let new = responses::NewResponse {
        counter_id: counter.id,
        unit_id: counter.unit_id,
        version_id: 1,
        submitted_at: time::OffsetDateTime::now_utc(),
        channel: responses::Channel::Qr,
        key: IdempotencyKey::generate().unwrap(),
        comment: None,
        answers: vec![(1, point), (999_999, point)],
    };
    let screening = responses::Screening::default();
    let guards = sipas::domain::guards::Guards::default();
    assert!(
        responses::store(&app.db, &new, &screening, &guards)
            .await
            .is_err()
    );
    assert_nothing_stored(&app).await;
}

/// A response to `counter` answering `question` with `point`, as the survey handler builds one.
fn response_to(
    counter: &sipas::db::counters::CounterInfo,
    key: &IdempotencyKey,
    question: i32,
    point: u8,
) -> responses::NewResponse {
    responses::NewResponse {
        counter_id: counter.id,
        unit_id: counter.unit_id,
        version_id: 1,
        submitted_at: time::OffsetDateTime::now_utc(),
        channel: responses::Channel::Qr,
        key: key.clone(),
        comment: None,
        answers: vec![(question, Scale::FivePoint.point(point).unwrap())],
    }
}

#[tokio::test]
async fn group_commit_isolates_each_response_in_a_shared_commit() {
    use sipas::db::group_commit::GroupWriter;
    use sipas::db::responses::{Screening, Stored};
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let writer = GroupWriter::spawn(app.db.clone(), sipas::domain::guards::Guards::default());
    let keys: Vec<IdempotencyKey> = (0..40)
        .map(|_| IdempotencyKey::generate().unwrap())
        .collect();
    // 40 responses, 10 of them sent twice, and one that fails (no such question), all at once.
    let mut jobs = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        jobs.push((response_to(&counter, key, 1, 4), true));
        if i < 10 {
            jobs.push((response_to(&counter, key, 1, 4), true));
        }
    }
    let failing = IdempotencyKey::generate().unwrap();
    jobs.push((response_to(&counter, &failing, 999_999, 4), false));
    let handles: Vec<_> = jobs
        .into_iter()
        .map(|(job, valid)| {
            let writer = writer.clone();
            tokio::spawn(async move { (writer.store(job, Screening::default()).await, valid) })
        })
        .collect();
    let (mut new_ones, mut repeats, mut failed) = (0, 0, 0);
    for handle in handles {
        match handle.await.unwrap() {
            (Ok(Stored::New(_)), true) => new_ones += 1,
            (Ok(Stored::AlreadyStored), true) => repeats += 1,
            (Err(_), false) => failed += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((new_ones, repeats, failed), (40, 10, 1));
    assert_eq!(app.responses().await, 40);
    assert_eq!(app.answers().await, 40);
    assert!(app.sipas(&["verify"]).status.success());
}

#[tokio::test]
async fn one_batch_flags_its_repeats_and_stores_a_key_once() {
    use sea_orm::TransactionTrait;
    use sipas::db::responses::{Screening, Stored};
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let stored_before = IdempotencyKey::generate().unwrap();
    responses::store(
        &app.db,
        &response_to(&counter, &stored_before, 1, 5),
        &Screening::default(),
        &sipas::domain::guards::Guards::default(),
    )
    .await
    .unwrap();

    // One batch, in this order: phone 0, phone 1, phone 0 again, phone 1 again, the same form
    // as the first sent twice, and a form stored before the batch.
    let phone = |n: usize| Screening {
        device_hash: Some(format!("phone-{n}")),
        ..Screening::default()
    };
    let keys: Vec<IdempotencyKey> = (0..4)
        .map(|_| IdempotencyKey::generate().unwrap())
        .collect();
    let news: Vec<_> = keys
        .iter()
        .chain([&keys[0], &stored_before])
        .map(|key| response_to(&counter, key, 1, 5))
        .collect();
    let screenings = [phone(0), phone(1), phone(0), phone(1), phone(0), phone(2)];
    let batch: Vec<_> = news.iter().zip(&screenings).collect();
    let txn = app.db.writer.begin().await.unwrap();
    let outcomes =
        responses::store_many_in(&txn, &batch, &sipas::domain::guards::Guards::default())
            .await
            .unwrap();
    txn.commit().await.unwrap();

    let new = |o: &Stored| matches!(o, Stored::New(_));
    assert_eq!(
        outcomes.iter().map(new).collect::<Vec<_>>(),
        [true, true, true, true, false, false]
    );
    assert_eq!(
        app.rows(
            "SELECT device_hash || ' ' || status FROM response WHERE device_hash IS NOT NULL \
             ORDER BY id"
        )
        .await,
        [
            "phone-0 counted",
            "phone-1 counted",
            "phone-0 flagged",
            "phone-1 flagged"
        ]
    );
    // The one stored before and the two counted ones of the batch: only they are tallied.
    assert_eq!(
        app.scalar("SELECT CAST(SUM(n5) AS BIGINT) FROM tally_daily")
            .await,
        3
    );
    assert_eq!(app.answers().await, 5);
    assert!(app.sipas(&["verify"]).status.success());
}

#[tokio::test]
async fn one_batch_counts_each_address_apart() {
    use sea_orm::TransactionTrait;
    use sipas::db::responses::Screening;
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let guards = sipas::domain::guards::Guards {
        per_address: 2,
        ..sipas::domain::guards::Guards::default()
    };
    // Four from address A in one batch, one from address B between them: A's first two count,
    // its next two are flagged, and B is not held against A's excess.
    let from = |address: &str| Screening {
        source_hash: Some(address.to_owned()),
        form_age: Some(std::time::Duration::from_secs(30)),
        ..Screening::default()
    };
    let screenings = [from("A"), from("A"), from("B"), from("A"), from("A")];
    let news: Vec<_> = screenings
        .iter()
        .map(|_| response_to(&counter, &IdempotencyKey::generate().unwrap(), 1, 5))
        .collect();
    let batch: Vec<_> = news.iter().zip(&screenings).collect();
    let txn = app.db.writer.begin().await.unwrap();
    responses::store_many_in(&txn, &batch, &guards)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(
        app.rows("SELECT source_hash || ' ' || status FROM response ORDER BY id")
            .await,
        [
            "A counted",
            "A counted",
            "B counted",
            "A flagged",
            "A flagged"
        ]
    );
    // A later batch sees the stored ones: A is still over its count, B is not.
    let later: Vec<_> = [from("A"), from("B")]
        .into_iter()
        .map(|s| {
            (
                response_to(&counter, &IdempotencyKey::generate().unwrap(), 1, 5),
                s,
            )
        })
        .collect();
    let txn = app.db.writer.begin().await.unwrap();
    let batch: Vec<_> = later.iter().map(|(n, s)| (n, s)).collect();
    responses::store_many_in(&txn, &batch, &guards)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(
        app.rows("SELECT source_hash || ' ' || status FROM response ORDER BY id DESC LIMIT 2")
            .await,
        ["B counted", "A flagged"]
    );
}

//! `/api/v1` over HTTP with tokens made by `sipas token add`: scope, errors as JSON, figures
//! equal to the JSON export, and raw responses page by page.

use serde_json::Value;

use crate::figures::{export, fixture};
use crate::helpers::{TestApp, stdout};

/// Makes a token with the real command line; returns it.
fn token(app: &TestApp, args: &[&str]) -> String {
    let mut all = vec!["token", "add"];
    all.extend_from_slice(args);
    let output = app.sipas(&all);
    assert!(output.status.success(), "{output:?}");
    stdout(&output).lines().last().unwrap().trim().to_owned()
}

async fn get(app: &TestApp, token: Option<&str>, path: &str) -> (u16, Value) {
    let mut request = app.client.get(format!("{}/api/v1{path}", app.address));
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    if status >= 400 {
        assert_documented_error(&body);
    }
    assert_documented(path, status, &body);
    (status, body)
}

fn openapi() -> Value {
    serde_json::from_str(include_str!("../../src/http/api/openapi.json")).unwrap()
}

/// `body`, answered `status` to `GET /api/v1{path}`, is what the OpenAPI document says that
/// operation answers with that status. A path the document does not list must be an error.
fn assert_documented(path: &str, status: u16, body: &Value) {
    let doc = openapi();
    let route = path.split('?').next().unwrap();
    let Some(operation) = doc["paths"][route]["get"].as_object() else {
        assert!(status >= 400, "{route} is not in the OpenAPI document");
        return;
    };
    let listed = &operation["responses"][status.to_string()];
    let documented = if listed.is_object() {
        listed
    } else {
        // Only errors may fall to `default`: every success is listed.
        assert!(status >= 400, "{route} does not document {status}");
        &operation["responses"]["default"]
    };
    assert!(documented.is_object(), "{route} does not document {status}");
    let documented = resolve(&doc, documented);
    let schema = &documented["content"]["application/json"]["schema"];
    if let Err(problem) = conforms(&doc, schema, body, "$") {
        panic!("GET {path} ({status}) does not match the OpenAPI document: {problem}");
    }
}

fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    match node["$ref"].as_str() {
        Some(reference) => reference
            .trim_start_matches("#/")
            .split('/')
            .fold(doc, |at, key| &at[key]),
        None => node,
    }
}

/// The subset of JSON Schema the document uses: `$ref`, `type` (one or several), `enum`,
/// `properties`, `required`, `items`, `additionalProperties`.
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let schema = resolve(doc, schema);
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let fits = types.iter().any(|t| match *t {
            "null" => value.is_null(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            _ => false,
        });
        if !fits {
            return Err(format!("{at}: {value} is not {types:?}"));
        }
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let Some(object) = value.as_object() {
        for field in schema["required"].as_array().into_iter().flatten() {
            let field = field.as_str().unwrap_or_default();
            if !object.contains_key(field) {
                return Err(format!("{at}: {field} is missing"));
            }
        }
        for (key, inner) in object {
            if let Some(property) = schema["properties"].get(key) {
                conforms(doc, property, inner, &format!("{at}.{key}"))?;
            } else if let Some(extra) = schema.get("additionalProperties")
                && extra.is_object()
            {
                conforms(doc, extra, inner, &format!("{at}.{key}"))?;
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (n, item) in array.iter().enumerate() {
            conforms(doc, items, item, &format!("{at}[{n}]"))?;
        }
    }
    Ok(())
}

/// An error body as the OpenAPI document's `Error` schema says: its required fields present and
/// strings, its code one of the listed ones.
fn assert_documented_error(body: &Value) {
    let doc = openapi();
    let schema = &doc["components"]["schemas"]["Error"];
    for field in schema["required"].as_array().unwrap() {
        let field = field.as_str().unwrap();
        let value = body[field].as_str();
        assert!(value.is_some_and(|v| !v.is_empty()), "{field} in {body}");
    }
    let codes = schema["properties"]["error"]["enum"].as_array().unwrap();
    assert!(codes.contains(&body["error"]), "{body}");
}

#[tokio::test]
async fn tokens_are_shown_once_and_stored_as_digests() {
    let app = fixture().await;
    let secret = token(
        &app,
        &[
            "--label",
            "cổng dữ liệu tỉnh",
            "--role",
            "viewer",
            "--unit",
            "P",
        ],
    );
    assert_eq!(secret.len(), 64);
    assert_eq!(
        app.rows("SELECT token_hash FROM api_token").await,
        [sipas::auth::digest(&secret)]
    );
    assert!(
        !app.rows("SELECT token_hash FROM api_token")
            .await
            .contains(&secret)
    );
    // A manager or viewer token needs a unit.
    assert!(
        !app.sipas(&["token", "add", "--label", "x", "--role", "viewer"])
            .status
            .success()
    );

    let (status, body) = get(&app, None, "/units").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"], "unauthorized");
    assert!(body["message"].as_str().unwrap().contains("Cần mã API"));
    let (status, _) = get(&app, Some("sai"), "/units").await;
    assert_eq!(status, 401);
    let (status, body) = get(&app, Some(&secret), "/units").await;
    assert_eq!(status, 200);
    assert_eq!(body["units"].as_array().unwrap().len(), 11);
}

#[tokio::test]
async fn figures_equal_the_json_export_within_the_scope() {
    let app = fixture().await;
    let province = token(
        &app,
        &["--label", "tỉnh", "--role", "viewer", "--unit", "P"],
    );
    let commune = token(
        &app,
        &["--label", "xã", "--role", "viewer", "--unit", "P.A"],
    );
    let without_time = |mut v: Value| {
        v.as_object_mut().unwrap().remove("produced_at");
        v
    };
    let (status, body) = get(
        &app,
        Some(&province),
        "/figures?unit=P&period=2025-Q1&by=children",
    )
    .await;
    assert_eq!(status, 200);
    let cli: Value = serde_json::from_str(&export(
        &app,
        &[
            "--unit", "P", "--period", "2025-Q1", "--by", "children", "--format", "json",
        ],
    ))
    .unwrap();
    assert_eq!(without_time(body.clone()), without_time(cli));
    assert_eq!(body["total"]["sipas"]["index"], 18.78);

    // The commune's token: its own subtree only; the province is as if it did not exist.
    let (status, body) = get(&app, Some(&commune), "/figures?unit=P&period=2025-Q1").await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")));
    let (status, _) = get(
        &app,
        Some(&commune),
        "/figures?unit=P.A&period=2025-Q1&by=items",
    )
    .await;
    assert_eq!(status, 200);
    let (_, body) = get(&app, Some(&commune), "/units").await;
    let codes: Vec<&str> = body["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["P.A", "P.A.TT"]);
    let (_, body) = get(&app, Some(&commune), "/counters?unit=P.A").await;
    let counters = body["counters"].as_array().unwrap();
    assert_eq!(counters.len(), 1);
    assert_eq!(counters[0]["name"], "Quầy A1");
    let survey = counters[0]["survey_url"].as_str().unwrap();
    assert_eq!(app.get(survey).await.status(), 200);

    // A bad period: 400 saying why.
    let (status, body) = get(&app, Some(&province), "/figures?unit=P&period=2025-Q5").await;
    assert_eq!((status, body["error"].as_str()), (400, Some("bad_request")));
    let (status, _) = get(&app, Some(&province), "/counters").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn raw_responses_come_page_by_page_with_a_cursor() {
    let app = fixture().await;
    let province = token(&app, &["--label", "tỉnh", "--role", "admin"]);
    let mut ids = Vec::new();
    let mut pages = Vec::new();
    let mut after = String::new();
    loop {
        let (status, body) = get(
            &app,
            Some(&province),
            &format!("/responses?unit=P&period=2025-Q1&limit=40{after}"),
        )
        .await;
        assert_eq!(status, 200);
        let page = body["responses"].as_array().unwrap().clone();
        pages.push(page.len());
        ids.extend(page.iter().map(|r| r["id"].as_i64().unwrap()));
        match body["next"].as_i64() {
            Some(next) => after = format!("&after={next}"),
            None => break,
        }
        if pages.len() == 1 {
            // B1's first response is all 5s on the quick form.
            let b1 = page
                .iter()
                .find(|r| {
                    r["answers"].as_object().unwrap().len() == 5
                        && r["answers"].as_object().unwrap().values().all(|v| v == 5)
                })
                .unwrap();
            assert!(b1["answers"]["sipas-quick:access"] == 5, "{b1}");
            assert_eq!(b1["questionnaire_version"], "sipas-quick v1");
            assert_eq!(b1["local_day"], "2025-02-10");
        }
    }
    // 95 counted responses in 2025-Q1: 40 + 40 + 15, in submission order, none twice.
    assert_eq!(pages, [40, 40, 15]);
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted, ids);
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = fixture().await;
    let response = app
        .get(&format!("{}/api/v1/openapi.json", app.address))
        .await;
    assert_eq!(response.status(), 200);
    let doc: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for path in ["/units", "/counters", "/figures", "/responses"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn every_api_error_is_the_documented_json() {
    let app = fixture().await;
    let admin = token(&app, &["--label", "tong-hop", "--role", "admin"]);
    let bad = [
        "/responses?unit=P&period=2025&limit=-1",
        "/responses?unit=P&period=2025&limit=0",
        "/responses?unit=P&period=2025&limit=1001",
        "/responses?unit=P&period=2025&after=abc",
        "/responses?unit=P&period=2025&after=-5",
        "/figures?unit=P&period=2025&min_sample=-1",
        "/figures?unit=P&period=2025&min_sample=99999999999999999999999",
        "/figures?unit=P&unit=P.A&period=2025",
        "/units?unit=P&unit=P",
        "/figures?unit=P&period=2025-13",
        "/counters",
    ];
    for path in bad {
        let (status, body) = get(&app, Some(&admin), path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"], "bad_request", "{path}");
    }
    let (status, body) = get(&app, Some(&admin), "/no-such-endpoint").await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")));
    let (status, _) = get(&app, None, "/units").await;
    assert_eq!(status, 401);
    // A method the API does not take: 405, still JSON, with its Allow header.
    let posted = app
        .client
        .post(format!("{}/api/v1/units", app.address))
        .header("authorization", format!("Bearer {admin}"))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 405);
    assert_eq!(posted.headers()["content-type"], "application/json");
    assert!(posted.headers().contains_key("allow"));
    let body: Value = serde_json::from_str(&posted.text().await.unwrap()).unwrap();
    assert_documented_error(&body);
    assert_eq!(body["error"], "refused");
    // Too many headers: refused before any route, still JSON.
    let mut crowded = app
        .client
        .get(format!("{}/api/v1/units", app.address))
        .header("authorization", format!("Bearer {admin}"));
    for n in 0..70 {
        crowded = crowded.header(format!("x-extra-{n}"), "1");
    }
    let crowded = crowded.send().await.unwrap();
    assert_eq!(crowded.status(), 431);
    assert_eq!(crowded.headers()["content-type"], "application/json");
    let body: Value = serde_json::from_str(&crowded.text().await.unwrap()).unwrap();
    assert_documented_error(&body);
}

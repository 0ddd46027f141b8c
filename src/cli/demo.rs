//! `sipas demo`: a demo province (departments, communes, service points, counters) and several
//! weeks of synthetic responses, stored through the same code path as real ones (tallies
//! included), so that every later figure can be tried on it.

use std::process::ExitCode;

use clap::Args;
use time::{Duration, OffsetDateTime, Time, Weekday};

use crate::config::Config;
use crate::db::{Db, accounts, counters, counters::CounterInfo, questionnaires, responses, units};
use crate::domain::{
    IdempotencyKey, LocalDay, Name, QuestionnaireVersion, UnitCode, UnitKind, local_day::VIETNAM,
};
use crate::qr;
use crate::synthetic::SplitMix64;

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Weeks of synthetic responses, ending today.
    #[arg(long, default_value_t = 6)]
    weeks: u32,
    /// Seed of the synthetic data: the same seed gives the same answers.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

const ROOT: &str = "DEMO";
/// The demo's units and counters are the command line's doing, as the audit log says.
const DEMO: &str = accounts::COMMAND_LINE;

/// (code, name, kind, parent, counters as (name, questionnaire)).
type UnitSpec = (
    &'static str,
    &'static str,
    UnitKind,
    Option<&'static str>,
    &'static [(&'static str, &'static str)],
);

const UNITS: &[UnitSpec] = &[
    (
        ROOT,
        "Tỉnh An Bình (dữ liệu mẫu)",
        UnitKind::Province,
        None,
        &[],
    ),
    (
        "DEMO.TTPVHCC",
        "Trung tâm Phục vụ hành chính công tỉnh",
        UnitKind::ServicePoint,
        Some(ROOT),
        &[
            ("Quầy 1 – Tư pháp, hộ tịch", "sipas-quick"),
            ("Quầy 2 – Đất đai", "sipas-quick"),
            ("Quầy 3 – Đầu tư, doanh nghiệp", "sipas-full"),
        ],
    ),
    (
        "DEMO.STP",
        "Sở Tư pháp",
        UnitKind::Department,
        Some(ROOT),
        &[],
    ),
    (
        "DEMO.STP.MC",
        "Bộ phận Một cửa Sở Tư pháp",
        UnitKind::ServicePoint,
        Some("DEMO.STP"),
        &[
            ("Quầy 1 – Lý lịch tư pháp", "sipas-quick"),
            ("Quầy 2 – Công chứng", "sipas-quick"),
        ],
    ),
    (
        "DEMO.SXD",
        "Sở Xây dựng",
        UnitKind::Department,
        Some(ROOT),
        &[],
    ),
    (
        "DEMO.SXD.MC",
        "Bộ phận Một cửa Sở Xây dựng",
        UnitKind::ServicePoint,
        Some("DEMO.SXD"),
        &[("Quầy 1 – Cấp phép xây dựng", "sipas-quick")],
    ),
    (
        "DEMO.P.ANPHU",
        "Phường An Phú",
        UnitKind::Commune,
        Some(ROOT),
        &[],
    ),
    (
        "DEMO.P.ANPHU.TT",
        "Trung tâm Phục vụ hành chính công phường An Phú",
        UnitKind::ServicePoint,
        Some("DEMO.P.ANPHU"),
        &[
            ("Quầy 1 – Hộ tịch", "sipas-quick"),
            ("Quầy 2 – Đất đai", "sipas-quick"),
            ("Quầy 3 – Chứng thực", "one-tap"),
        ],
    ),
    (
        "DEMO.X.BINHMINH",
        "Xã Bình Minh",
        UnitKind::Commune,
        Some(ROOT),
        &[],
    ),
    (
        "DEMO.X.BINHMINH.TT",
        "Trung tâm Phục vụ hành chính công xã Bình Minh",
        UnitKind::ServicePoint,
        Some("DEMO.X.BINHMINH"),
        &[
            ("Quầy 1 – Tổng hợp", "sipas-quick"),
            ("Quầy 2 – Chứng thực", "one-tap"),
        ],
    ),
    (
        "DEMO.X.TANLAP",
        "Xã Tân Lập",
        UnitKind::Commune,
        Some(ROOT),
        &[],
    ),
    (
        "DEMO.X.TANLAP.TT",
        "Trung tâm Phục vụ hành chính công xã Tân Lập",
        UnitKind::ServicePoint,
        Some("DEMO.X.TANLAP"),
        &[("Quầy 1 – Tổng hợp", "sipas-quick")],
    ),
];

const COMMENTS: &[&str] = &[
    "Cán bộ hướng dẫn tận tình, dễ hiểu.",
    "Phải chờ khá lâu vào buổi sáng.",
    "Nên có thêm ghế ngồi chờ.",
    "Trả kết quả đúng hẹn, cảm ơn.",
    "Biển chỉ dẫn khó thấy, tôi phải hỏi mấy lần.",
    "Máy lấy số thứ tự bị hỏng.",
    "Thủ tục nhanh gọn hơn lần trước.",
    "Đề nghị niêm yết rõ mức lệ phí.",
];

pub async fn run(db: &Db, config: &Config, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let public_url = config.public_url();
    let root_code = UnitCode::parse(ROOT)?;
    if let Some(root) = units::find_by_code(db, &root_code).await? {
        println!("Dữ liệu mẫu đã có (the demo is already seeded). Địa chỉ khảo sát (survey URLs):");
        for counter in counters::list_in_subtree(db, &root).await? {
            print_counter(&counter, &public_url);
        }
        return Ok(ExitCode::SUCCESS);
    }

    // The counters go up on the first day of the weeks of responses, which end now: no
    // response lies in the future, and today has those of the hours already past.
    let now = OffsetDateTime::now_utc();
    let today = now.to_offset(VIETNAM).date();
    let first = today - Duration::weeks(i64::from(args.weeks));
    let put_up = first
        .with_time(Time::MIDNIGHT)
        .assume_offset(VIETNAM)
        .to_offset(time::UtcOffset::UTC);
    let mut made = Vec::new();
    for (code, name, kind, parent, counter_specs) in UNITS {
        let new = units::NewUnit {
            code: UnitCode::parse(code)?,
            name: Name::parse(name)?,
            kind: *kind,
            parent: parent.map(UnitCode::parse).transpose()?,
        };
        units::create(db, &new, DEMO).await?;
        for (counter_name, questionnaire) in *counter_specs {
            let name = Name::parse(counter_name)?;
            let counter =
                counters::create(db, &new.code, &name, questionnaire, DEMO, put_up).await?;
            let version = questionnaires::current_version(db, counter.questionnaire_id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("questionnaire {questionnaire} has no version"))?;
            made.push((counter, version));
        }
    }

    let mut rng = SplitMix64::new(args.seed);
    // Each counter has its own quality, so that rankings have something to rank.
    let qualities: Vec<f64> = made.iter().map(|_| 0.55 + 0.4 * rng.unit()).collect();
    let mut batch = Vec::with_capacity(1000);
    let mut total = 0usize;
    // Day by day, every counter's responses of the day in time order: stored as they would
    // arrive, so that ids follow time as in real use.
    let mut day = first;
    while day <= today {
        let mut of_day = Vec::new();
        for (index, ((counter, version), quality)) in made.iter().zip(&qualities).enumerate() {
            let daily = 6 + (index * 7) % 19;
            let volume = match day.weekday() {
                Weekday::Sunday => 0,
                Weekday::Saturday => daily / 3,
                _ => daily,
            };
            for _ in 0..volume {
                let response = synthetic_response(
                    &mut rng,
                    counter,
                    version,
                    LocalDay::from_date(day),
                    *quality,
                )?;
                if response.submitted_at <= now {
                    of_day.push(response);
                }
            }
        }
        of_day.sort_by_key(|r| r.submitted_at);
        batch.extend(of_day);
        if batch.len() >= 500 {
            total += batch.len();
            responses::store_batch(db, &batch).await?;
            batch.clear();
        }
        match day.next_day() {
            Some(next) => day = next,
            None => break,
        }
    }
    total += batch.len();
    responses::store_batch(db, &batch).await?;

    println!(
        "Đã tạo tỉnh mẫu «{}» với {} quầy và {total} phiếu trong {} tuần \
         (demo province with {} counters and {total} responses over {} weeks).",
        UNITS[0].1,
        made.len(),
        args.weeks,
        made.len(),
        args.weeks
    );
    println!(
        "Chạy `sipas serve` rồi mở một địa chỉ khảo sát (run `sipas serve`, then open a survey URL):"
    );
    for (counter, _) in &made {
        print_counter(counter, &public_url);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_counter(counter: &CounterInfo, public_url: &str) {
    println!(
        "  {}  {} – {} [{}]",
        qr::survey_url(public_url, &counter.token),
        counter.unit_name,
        counter.name,
        counter.questionnaire_code
    );
}

fn synthetic_response(
    rng: &mut SplitMix64,
    counter: &CounterInfo,
    version: &QuestionnaireVersion,
    day: LocalDay,
    quality: f64,
) -> anyhow::Result<responses::NewResponse> {
    // Office hours, 07:30 to 16:30 local time.
    let minute = 7 * 60 + 30 + (rng.next() % (9 * 60)) as i64;
    let local = day.date().with_time(Time::MIDNIGHT) + Duration::minutes(minute);
    let submitted_at = local.assume_offset(VIETNAM).to_offset(time::UtcOffset::UTC);
    let mut answers = Vec::with_capacity(version.questions.len());
    for question in &version.questions {
        if rng.unit() < 0.04 {
            continue; // skipped item
        }
        let satisfied = rng.unit() < quality;
        let top = *question.scale.points().end();
        let value = match (satisfied, top) {
            (true, 5) => {
                if rng.unit() < 0.45 {
                    5
                } else {
                    4
                }
            }
            (false, 5) => [3, 3, 3, 2, 2, 1][(rng.next() % 6) as usize],
            (true, _) => {
                if rng.unit() < 0.4 {
                    3
                } else {
                    2
                }
            }
            (false, _) => 1,
        };
        if let Some(point) = question.scale.point(value) {
            answers.push((question.id, point));
        }
    }
    // A response holds at least one answer, as the survey requires.
    if answers.is_empty()
        && let Some(question) = version.questions.first()
        && let Some(point) = question.scale.point(*question.scale.points().end())
    {
        answers.push((question.id, point));
    }
    let comment = (version.allow_comment && rng.unit() < 0.07)
        .then(|| COMMENTS[(rng.next() % COMMENTS.len() as u64) as usize].to_owned());
    Ok(responses::NewResponse {
        counter_id: counter.id,
        unit_id: counter.unit_id,
        version_id: version.id,
        submitted_at,
        channel: responses::Channel::Qr,
        key: IdempotencyKey::generate()?,
        comment,
        answers,
    })
}

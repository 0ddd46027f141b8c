//! Seeds the three instruments of docs/methodology.md as version 1 of each questionnaire:
//! `sipas-quick` (the default for counters), `sipas-full` (the 19 items of the national form)
//! and `one-tap` (one overall question on the 3-level scale).
//!
//! The texts live here, and only here: later edits are new versions made by the application.

use sea_orm_migration::prelude::*;

use crate::iden::{Question, Questionnaire, QuestionnaireVersion};

#[derive(DeriveMigrationName)]
pub struct Migration;

struct Item {
    code: &'static str,
    element: Option<&'static str>,
    scale: &'static str,
    vi: &'static str,
    en: &'static str,
}

struct Instrument {
    code: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
    title_vi: &'static str,
    title_en: &'static str,
    items: &'static [Item],
}

const fn five(
    code: &'static str,
    element: &'static str,
    vi: &'static str,
    en: &'static str,
) -> Item {
    Item {
        code,
        element: Some(element),
        scale: "five_point",
        vi,
        en,
    }
}

const QUICK: Instrument = Instrument {
    code: "sipas-quick",
    name_vi: "SIPAS rút gọn (5 câu)",
    name_en: "SIPAS quick (5 items)",
    title_vi: "Ông/bà hài lòng thế nào với lần giải quyết thủ tục hôm nay?",
    title_en: "How satisfied are you with today's service?",
    items: &[
        five(
            "access",
            "access",
            "Nơi tiếp nhận, trả kết quả dễ tìm, có hướng dẫn rõ ràng",
            "The counter was easy to find, with clear directions",
        ),
        five(
            "procedure",
            "procedure",
            "Hồ sơ, phí, lệ phí và thời hạn giải quyết đúng như đã niêm yết",
            "Documents, fees and processing time were as publicly posted",
        ),
        five(
            "staff",
            "staff",
            "Công chức lịch sự, hướng dẫn đầy đủ, dễ hiểu",
            "Staff were polite and their guidance complete and clear",
        ),
        five(
            "result",
            "result",
            "Kết quả được trả đúng hẹn, đầy đủ, chính xác",
            "The result was returned on time, complete and accurate",
        ),
        five(
            "feedback",
            "feedback",
            "Dễ dàng góp ý, phản ánh và được phản hồi kịp thời",
            "It is easy to comment or complain, and replies come in time",
        ),
    ],
};

const FULL: Instrument = Instrument {
    code: "sipas-full",
    name_vi: "SIPAS đầy đủ (19 câu)",
    name_en: "SIPAS full (19 items)",
    title_vi: "Phiếu khảo sát mức độ hài lòng về sự phục vụ hành chính",
    title_en: "Survey of satisfaction with public administrative services",
    items: &[
        five(
            "access.1",
            "access",
            "Thông tin về thủ tục hành chính được cung cấp bằng nhiều hình thức, dễ tiếp cận, dễ hiểu",
            "Information on the procedure is available in many forms, easy to reach and understand",
        ),
        five(
            "access.2",
            "access",
            "Biển hiệu, biển chỉ dẫn tại nơi tiếp nhận và trả kết quả rõ ràng, dễ thấy",
            "Signs and directions at the premises are clear and easy to see",
        ),
        five(
            "access.3",
            "access",
            "Nơi tiếp nhận và trả kết quả sạch sẽ, ngăn nắp",
            "The premises are clean and orderly",
        ),
        five(
            "access.4",
            "access",
            "Trang thiết bị phục vụ người dân đầy đủ, hoạt động tốt",
            "There is enough equipment, in good working order",
        ),
        five(
            "procedure.1",
            "procedure",
            "Thủ tục hành chính được niêm yết công khai tại nơi tiếp nhận",
            "The procedure is posted publicly at the premises",
        ),
        five(
            "procedure.2",
            "procedure",
            "Thành phần hồ sơ phải nộp đúng quy định",
            "The documents you had to submit were as regulated",
        ),
        five(
            "procedure.3",
            "procedure",
            "Phí, lệ phí phải nộp đúng quy định",
            "Fees and charges were as regulated",
        ),
        five(
            "procedure.4",
            "procedure",
            "Thời hạn giải quyết đúng quy định",
            "The processing time was as regulated",
        ),
        five(
            "staff.1",
            "staff",
            "Công chức có thái độ lịch sự, tôn trọng khi giao tiếp",
            "Civil servants were polite and respectful",
        ),
        five(
            "staff.2",
            "staff",
            "Công chức trả lời, giải đáp đầy đủ, kịp thời các ý kiến, thắc mắc",
            "Civil servants answered your questions in full and on time",
        ),
        five(
            "staff.3",
            "staff",
            "Công chức hướng dẫn kê khai hồ sơ rõ ràng, dễ hiểu, chỉ một lần là hoàn thiện hồ sơ",
            "The guidance was clear enough to complete the dossier after one explanation",
        ),
        five(
            "staff.4",
            "staff",
            "Công chức tuân thủ đúng quy định trong giải quyết công việc",
            "Civil servants followed the rules in handling your case",
        ),
        five(
            "staff.5",
            "staff",
            "Công chức có tinh thần tận tụy, nhiệt tình",
            "Civil servants were dedicated",
        ),
        five(
            "result.1",
            "result",
            "Kết quả được trả đúng hẹn",
            "The result was returned on the promised date",
        ),
        five(
            "result.2",
            "result",
            "Kết quả đầy đủ, chính xác",
            "The result was complete and accurate",
        ),
        five(
            "result.3",
            "result",
            "Kết quả giải quyết công bằng, khách quan (kể cả trường hợp bị từ chối)",
            "The result was fair (a refusal also counts as a result)",
        ),
        five(
            "feedback.1",
            "feedback",
            "Có hình thức góp ý, phản ánh, kiến nghị và dễ thực hiện",
            "There is a way to comment or complain, and it is easy to use",
        ),
        five(
            "feedback.2",
            "feedback",
            "Góp ý, phản ánh, kiến nghị được tiếp nhận, xử lý đúng quy định",
            "Comments and complaints are handled as regulated",
        ),
        five(
            "feedback.3",
            "feedback",
            "Kết quả xử lý góp ý, phản ánh, kiến nghị được thông báo kịp thời",
            "The outcome of comments and complaints is notified in time",
        ),
    ],
};

const ONE_TAP: Instrument = Instrument {
    code: "one-tap",
    name_vi: "Đánh giá một chạm (3 mức)",
    name_en: "One-tap rating (3 levels)",
    title_vi: "Đánh giá nhanh",
    title_en: "Quick rating",
    items: &[Item {
        code: "overall",
        element: None,
        scale: "three_level",
        vi: "Nhìn chung, ông/bà có hài lòng với việc giải quyết thủ tục hôm nay không?",
        en: "Overall, are you satisfied with how your case was handled today?",
    }],
};

const INSTRUMENTS: [&Instrument; 3] = [&QUICK, &FULL, &ONE_TAP];

async fn id_by<T: IntoIden + 'static>(
    manager: &SchemaManager<'_>,
    table: T,
    id: T,
    filter: Condition,
) -> Result<i32, DbErr> {
    let select = Query::select()
        .column(id)
        .from(table)
        .cond_where(filter)
        .to_owned();
    let row = manager
        .get_connection()
        .query_one(&select)
        .await?
        .ok_or_else(|| DbErr::Migration("seeded row not found".into()))?;
    row.try_get_by_index::<i32>(0)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for instrument in INSTRUMENTS {
            let insert = Query::insert()
                .into_table(Questionnaire::Table)
                .columns([
                    Questionnaire::Code,
                    Questionnaire::NameVi,
                    Questionnaire::NameEn,
                    Questionnaire::CreatedAt,
                ])
                .values_panic([
                    instrument.code.into(),
                    instrument.name_vi.into(),
                    instrument.name_en.into(),
                    Expr::current_timestamp(),
                ])
                .to_owned();
            db.execute(&insert).await?;
            let questionnaire_id = id_by(
                manager,
                Questionnaire::Table,
                Questionnaire::Id,
                Condition::all().add(Expr::col(Questionnaire::Code).eq(instrument.code)),
            )
            .await?;

            let insert = Query::insert()
                .into_table(QuestionnaireVersion::Table)
                .columns([
                    QuestionnaireVersion::QuestionnaireId,
                    QuestionnaireVersion::Version,
                    QuestionnaireVersion::TitleVi,
                    QuestionnaireVersion::TitleEn,
                    QuestionnaireVersion::AllowComment,
                    QuestionnaireVersion::CreatedAt,
                ])
                .values_panic([
                    questionnaire_id.into(),
                    1.into(),
                    instrument.title_vi.into(),
                    instrument.title_en.into(),
                    true.into(),
                    Expr::current_timestamp(),
                ])
                .to_owned();
            db.execute(&insert).await?;
            let version_id = id_by(
                manager,
                QuestionnaireVersion::Table,
                QuestionnaireVersion::Id,
                Condition::all()
                    .add(Expr::col(QuestionnaireVersion::QuestionnaireId).eq(questionnaire_id))
                    .add(Expr::col(QuestionnaireVersion::Version).eq(1)),
            )
            .await?;

            let mut insert = Query::insert()
                .into_table(Question::Table)
                .columns([
                    Question::VersionId,
                    Question::Position,
                    Question::Code,
                    Question::Element,
                    Question::Scale,
                    Question::TextVi,
                    Question::TextEn,
                ])
                .to_owned();
            for (index, item) in instrument.items.iter().enumerate() {
                let position = <i16 as TryFrom<usize>>::try_from(index + 1)
                    .map_err(|_| DbErr::Migration("too many items".into()))?;
                insert.values_panic([
                    version_id.into(),
                    position.into(),
                    item.code.into(),
                    item.element.into(),
                    item.scale.into(),
                    item.vi.into(),
                    item.en.into(),
                ]);
            }
            db.execute(&insert).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let codes = INSTRUMENTS.map(|i| i.code);
        let versions = Query::select()
            .column(QuestionnaireVersion::Id)
            .from(QuestionnaireVersion::Table)
            .and_where(
                Expr::col(QuestionnaireVersion::QuestionnaireId).in_subquery(
                    Query::select()
                        .column(Questionnaire::Id)
                        .from(Questionnaire::Table)
                        .and_where(Expr::col(Questionnaire::Code).is_in(codes))
                        .to_owned(),
                ),
            )
            .to_owned();
        db.execute(
            &Query::delete()
                .from_table(Question::Table)
                .and_where(Expr::col(Question::VersionId).in_subquery(versions.clone()))
                .to_owned(),
        )
        .await?;
        db.execute(
            &Query::delete()
                .from_table(QuestionnaireVersion::Table)
                .and_where(Expr::col(QuestionnaireVersion::Id).in_subquery(versions))
                .to_owned(),
        )
        .await?;
        db.execute(
            &Query::delete()
                .from_table(Questionnaire::Table)
                .and_where(Expr::col(Questionnaire::Code).is_in(codes))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

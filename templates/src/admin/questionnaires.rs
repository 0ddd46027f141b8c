//! The questionnaires as data: every version and its questions, in both languages.

use maud::{Markup, html};

use super::{sign_out, staff_page};
use crate::{Lang, paths};

pub struct QuestionnairesView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    /// Admins may make a new version from an edited copy.
    pub can_edit: bool,
    pub questionnaires: Vec<QuestionnaireView>,
}

pub struct QuestionnaireView {
    pub code: String,
    pub name: String,
    pub versions: Vec<VersionView>,
}

pub struct VersionView {
    pub number: i32,
    pub title: String,
    pub questions: Vec<QuestionView>,
}

pub struct QuestionView {
    pub position: u16,
    pub code: String,
    /// The element's name, or "–".
    pub element: String,
    pub scale: String,
    pub text_vi: String,
    pub text_en: String,
}

pub fn questionnaires_page(view: &QuestionnairesView) -> Markup {
    let vi = view.lang == Lang::Vi;
    let title = if vi {
        "Bộ câu hỏi"
    } else {
        "Questionnaires"
    };
    let sign_out = sign_out(view.lang, &view.username, &view.csrf);
    let body = html! {
        p.small { a href=(paths::Home::href()) { (if vi { "Trang chủ" } else { "Home" }) } }
        h1 { (title) }
        p.small {
            (if vi {
                "Một phiên bản đã có người trả lời thì không sửa được; mỗi phiếu ghi phiên bản mà người dân đã trả lời."
            } else {
                "A version that has been answered cannot change; every response records the version it answered."
            })
        }
        @for q in &view.questionnaires {
            section {
                h2 id=(q.code) { (q.name) " " small { code { (q.code) } } }
                @if view.can_edit {
                    p { a href=(format!("{}?lang={}", paths::NewVersion::href(&q.code), view.lang.code())) {
                        (if vi { "Tạo phiên bản mới từ bản hiện hành" } else { "New version from an edited copy" })
                    } }
                }
                @for v in &q.versions {
                    h3 { (if vi { "Phiên bản " } else { "Version " }) (v.number) " – " (v.title) }
                    div.scroll { table.data {
                        thead {
                            tr {
                                th scope="col" { "#" }
                                th scope="col" { (if vi { "Mã" } else { "Code" }) }
                                th scope="col" { (if vi { "Yếu tố" } else { "Element" }) }
                                th scope="col" { (if vi { "Thang đo" } else { "Scale" }) }
                                th scope="col" lang="vi" { "Tiếng Việt" }
                                th scope="col" lang="en" { "English" }
                            }
                        }
                        tbody {
                            @for question in &v.questions {
                                tr {
                                    td { (question.position) }
                                    td { code { (question.code) } }
                                    td { (question.element) }
                                    td { (question.scale) }
                                    td lang="vi" { (question.text_vi) }
                                    td lang="en" { (question.text_en) }
                                }
                            }
                        }
                    } }
                }
            }
        }
    };
    staff_page(view.lang, title, sign_out, body)
}

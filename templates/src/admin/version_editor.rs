//! A new questionnaire version from an edited copy of the current one: every item's texts
//! editable, any item can be left out, one item can be added. Admins only.

use maud::{Markup, html};

use super::{sign_out, staff_page};
use crate::{Lang, paths};

pub struct VersionEditorView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    pub code: String,
    pub name: String,
    /// The number of the version being copied.
    pub copied: i32,
    pub title_vi: String,
    pub title_en: String,
    pub questions: Vec<EditorQuestion>,
    pub new_item: NewItem,
    pub problem: Option<String>,
}

pub struct EditorQuestion {
    pub code: String,
    /// The element's name, or "–".
    pub element: String,
    pub scale: String,
    pub text_vi: String,
    pub text_en: String,
    pub keep: bool,
}

#[derive(Default)]
pub struct NewItem {
    pub code: String,
    pub element: String,
    pub scale: String,
    pub text_vi: String,
    pub text_en: String,
}

/// (code, Vietnamese name, English name) of the five elements, for the new item's select.
const ELEMENTS: [(&str, &str, &str); 5] = [
    ("access", "Tiếp cận dịch vụ", "Access to the service"),
    (
        "procedure",
        "Thủ tục hành chính",
        "Administrative procedure",
    ),
    (
        "staff",
        "Công chức trực tiếp giải quyết công việc",
        "Civil servants",
    ),
    ("result", "Kết quả giải quyết công việc", "Results"),
    (
        "feedback",
        "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
        "Handling of feedback",
    ),
];
const SCALES: [&str; 3] = ["five_point", "three_level", "expectation"];

pub fn version_editor_page(view: &VersionEditorView) -> Markup {
    let vi = view.lang == Lang::Vi;
    let t = |v: &'static str, e: &'static str| if vi { v } else { e };
    let title = format!(
        "{} {} – {}",
        t("Phiên bản mới của", "New version of"),
        view.code,
        view.name
    );
    let sign_out = sign_out(view.lang, &view.username, &view.csrf);
    let body = html! {
        p.small { a href=(format!("{}?lang={}", paths::Questionnaires::href(), view.lang.code())) { (t("Bộ câu hỏi", "Questionnaires")) } }
        h1 { (title) }
        p.small {
            (t("Bản sao của phiên bản ", "A copy of version ")) (view.copied)
            (t(". Các quầy dùng bộ câu hỏi này sẽ hiện phiên bản mới ngay khi lưu; các phiếu đã trả lời giữ phiên bản cũ, và số liệu cộng theo mã yếu tố.",
               ". Counters showing this questionnaire show the new version as soon as it is saved; answered responses keep their version, and figures add up by element."))
        }
        @if let Some(problem) = &view.problem { div.alert role="alert" { p { (problem) } } }
        form.login method="post" action=(paths::NewVersion::href(&view.code)) {
            input type="hidden" name="csrf" value=(view.csrf);
            input type="hidden" name="lang" value=(view.lang.code());
            label for="title_vi" { (t("Tiêu đề (tiếng Việt)", "Title (Vietnamese)")) }
            input #title_vi name="title_vi" required maxlength="300" value=(view.title_vi);
            label for="title_en" { (t("Tiêu đề (tiếng Anh)", "Title (English)")) }
            input #title_en name="title_en" required maxlength="300" value=(view.title_en);
            @for (i, q) in view.questions.iter().enumerate() {
                @let n = i + 1;
                fieldset {
                    legend { (t("Câu ", "Item ")) (n) " · " code { (q.code) } " · " (q.element) " · " (q.scale) }
                    label.check {
                        input type="checkbox" name=(format!("keep_{n}")) checked[q.keep];
                        " " (t("Giữ câu này", "Keep this item"))
                    }
                    label for=(format!("text_vi_{n}")) { (t("Nội dung (tiếng Việt)", "Text (Vietnamese)")) }
                    input id=(format!("text_vi_{n}")) name=(format!("text_vi_{n}")) maxlength="300" value=(q.text_vi);
                    label for=(format!("text_en_{n}")) { (t("Nội dung (tiếng Anh)", "Text (English)")) }
                    input id=(format!("text_en_{n}")) name=(format!("text_en_{n}")) maxlength="300" value=(q.text_en);
                }
            }
            fieldset {
                legend { (t("Thêm một câu (để trống mã nếu không thêm)", "Add an item (leave the code empty to add none)")) }
                label for="new_code" { (t("Mã câu hỏi (chữ thường, số, - hoặc _)", "Item code (lowercase letters, digits, - or _)")) }
                input #new_code name="new_code" maxlength="32" value=(view.new_item.code);
                label for="new_element" { (t("Yếu tố", "Element")) }
                select #new_element name="new_element" {
                    option value="" selected[view.new_item.element.is_empty()] { (t("Không tính vào chỉ số", "Not counted in the index")) }
                    @for (code, name_vi, name_en) in ELEMENTS {
                        option value=(code) selected[view.new_item.element == code] { (if vi { name_vi } else { name_en }) }
                    }
                }
                label for="new_scale" { (t("Thang đo", "Scale")) }
                select #new_scale name="new_scale" {
                    @for scale in SCALES { option value=(scale) selected[view.new_item.scale == scale] { (scale) } }
                }
                label for="new_text_vi" { (t("Nội dung (tiếng Việt)", "Text (Vietnamese)")) }
                input #new_text_vi name="new_text_vi" maxlength="300" value=(view.new_item.text_vi);
                label for="new_text_en" { (t("Nội dung (tiếng Anh)", "Text (English)")) }
                input #new_text_en name="new_text_en" maxlength="300" value=(view.new_item.text_en);
            }
            button.submit type="submit" { (t("Lưu thành phiên bản mới", "Save as a new version")) }
        }
    };
    staff_page(view.lang, &title, sign_out, body)
}

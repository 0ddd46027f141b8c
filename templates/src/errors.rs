//! Error pages. They speak Vietnamese first and English second, because an error can come
//! before we know which language the person reads.

use maud::{Markup, html};

use crate::{Lang, layout};

/// What went wrong, as a person needs to hear it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorPage {
    /// A survey code that is unknown, rotated or switched off.
    CodeNotInUse,
    NotFound,
    Forbidden,
    TooLarge,
    UnsupportedMediaType,
    BadRequest,
    /// Too many posts from one address.
    TooManyRequests,
    /// A form a person filled in wrongly: what to correct, in Vietnamese and in English.
    Invalid {
        vi: &'static str,
        en: &'static str,
    },
    Internal,
    /// The database is busy past its wait: nothing changed, try again shortly.
    Busy,
}

struct Texts {
    title_vi: &'static str,
    body_vi: &'static str,
    title_en: &'static str,
    body_en: &'static str,
}

impl ErrorPage {
    fn texts(self) -> Texts {
        match self {
            ErrorPage::CodeNotInUse => Texts {
                title_vi: "Mã QR này không còn được sử dụng",
                body_vi: "Mã đã được thay hoặc quầy đã ngừng khảo sát. Vui lòng quét mã QR đang dán tại quầy hoặc hỏi cán bộ tiếp nhận.",
                title_en: "This QR code is no longer in use",
                body_en: "The code has been replaced or the counter no longer takes ratings. Please scan the code now displayed at the counter, or ask the staff.",
            },
            ErrorPage::NotFound => Texts {
                title_vi: "Không tìm thấy trang",
                body_vi: "Địa chỉ này không tồn tại.",
                title_en: "Page not found",
                body_en: "This address does not exist.",
            },
            ErrorPage::Forbidden => Texts {
                title_vi: "Không được phép",
                body_vi: "Ông/bà không có quyền làm việc này, hoặc phiên làm việc đã hết hạn. Vui lòng tải lại trang.",
                title_en: "Not allowed",
                body_en: "You may not do this, or your session has expired. Please reload the page.",
            },
            ErrorPage::TooLarge => Texts {
                title_vi: "Nội dung gửi lên quá lớn",
                body_vi: "Vui lòng rút ngắn góp ý rồi gửi lại.",
                title_en: "What was sent is too large",
                body_en: "Please shorten your comment and send again.",
            },
            ErrorPage::UnsupportedMediaType => Texts {
                title_vi: "Định dạng gửi lên không được hỗ trợ",
                body_vi: "Vui lòng gửi phiếu từ trang khảo sát.",
                title_en: "Unsupported content type",
                body_en: "Please send the form from the survey page.",
            },
            ErrorPage::BadRequest => Texts {
                title_vi: "Yêu cầu không hợp lệ",
                body_vi: "Vui lòng mở lại trang khảo sát và gửi lại.",
                title_en: "Bad request",
                body_en: "Please open the survey page again and resend.",
            },
            ErrorPage::TooManyRequests => Texts {
                title_vi: "Quá nhiều lượt gửi",
                body_vi: "Có quá nhiều phiếu được gửi từ mạng này trong một phút. Vui lòng đợi một phút rồi gửi lại.",
                title_en: "Too many submissions",
                body_en: "Too many responses came from this network in one minute. Please wait a minute and send again.",
            },
            ErrorPage::Invalid { vi, en } => Texts {
                title_vi: "Chưa lưu được",
                body_vi: vi,
                title_en: "Not saved",
                body_en: en,
            },
            ErrorPage::Busy => Texts {
                title_vi: "Hệ thống đang bận",
                body_vi: "Yêu cầu của ông/bà chưa thực hiện được vì hệ thống đang bận, nên chưa có gì thay đổi. Vui lòng thử lại sau ít giây.",
                title_en: "The system is busy",
                body_en: "Your request could not be carried out because the system is busy, so nothing has changed. Please try again in a few seconds.",
            },
            ErrorPage::Internal => Texts {
                title_vi: "Hệ thống đang gặp sự cố",
                // Said to a citizen who rated and to staff who changed something alike.
                body_vi: "Yêu cầu của ông/bà chưa thực hiện được, nên chưa có gì được ghi nhận. Vui lòng thử lại sau ít phút.",
                title_en: "Something went wrong on our side",
                body_en: "Your request could not be carried out, so nothing has been recorded. Please try again in a few minutes.",
            },
        }
    }
}

/// The page for `kind`. `reference` is the request's id, shown so that a person can quote it
/// to whoever runs the server, who finds the request in the log by it.
pub fn error_page(kind: ErrorPage, reference: Option<&str>) -> Markup {
    let texts = kind.texts();
    let body = html! {
        div.done {
            h1 { (texts.title_vi) }
            p { (texts.body_vi) }
            @if let Some(reference) = reference {
                p.small { "Mã tham chiếu: " code { (reference) } }
            }
            div lang="en" {
                h2 { (texts.title_en) }
                p { (texts.body_en) }
                @if let Some(reference) = reference {
                    p.small { "Reference: " code { (reference) } }
                }
            }
        }
    };
    layout::page(Lang::Vi, texts.title_vi, body)
}

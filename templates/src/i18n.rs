//! Every string the public sees, in Vietnamese and English.

/// The language of a page. Vietnamese is the default everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// The code used in `?lang=` and in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Parses `vi` or `en` (exactly; anything else is not a language of ours).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// A count as this language writes it: `5.688` in Vietnamese, `5,688` in English.
    pub fn count(self, n: u64) -> String {
        let separator = match self {
            Lang::Vi => '.',
            Lang::En => ',',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }

    /// Of a Vietnamese and an English text, the one in this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }
}

/// The fixed texts of the citizen's pages in one language.
pub struct Strings {
    /// The name of this language, written in itself (for the switch link).
    pub language_name: &'static str,
    pub comment_label: &'static str,
    pub comment_hint: &'static str,
    pub submit: &'static str,
    pub privacy_note: &'static str,
    pub privacy_link: &'static str,
    pub thanks_title: &'static str,
    pub thanks_body: &'static str,
    pub thanks_close: &'static str,
    pub error_summary: &'static str,
    pub error_no_answer: &'static str,
    pub error_off_scale: &'static str,
    pub error_comment_too_long: &'static str,
    pub error_comment_characters: &'static str,
    pub error_form_tampered: &'static str,
    pub error_form_stale: &'static str,
    pub error_not_saved: &'static str,
    pub error_form_expired: &'static str,
}

pub static VI: Strings = Strings {
    language_name: "Tiếng Việt",
    comment_label: "Góp ý thêm (không bắt buộc)",
    comment_hint: "Tối đa 2.000 ký tự. Xin đừng ghi số điện thoại hay thông tin cá nhân.",
    submit: "Gửi đánh giá",
    privacy_note: "Phiếu không ghi tên. Chúng tôi không lưu địa chỉ IP hay thông tin thiết bị của ông/bà.",
    privacy_link: "Chúng tôi lưu gì",
    thanks_title: "Cảm ơn ông/bà!",
    thanks_body: "Đánh giá của ông/bà đã được ghi nhận. Ý kiến này giúp cơ quan phục vụ người dân tốt hơn.",
    thanks_close: "Ông/bà có thể đóng trang này.",
    error_summary: "Phiếu chưa gửi được. Vui lòng xem lại:",
    error_no_answer: "Vui lòng trả lời ít nhất một câu hỏi.",
    error_off_scale: "Câu trả lời không hợp lệ, vui lòng chọn lại.",
    error_comment_too_long: "Góp ý quá dài: tối đa 2.000 ký tự.",
    error_comment_characters: "Góp ý có ký tự không hợp lệ.",
    error_form_tampered: "Phiếu gửi lên có trường không hợp lệ. Vui lòng chọn lại và gửi lại.",
    error_form_stale: "Phiếu đã cũ hoặc không đầy đủ. Vui lòng kiểm tra lại lựa chọn và gửi lại.",
    error_not_saved: "Máy chủ đang gặp sự cố nên phiếu CHƯA được lưu. Các lựa chọn của ông/bà vẫn được giữ nguyên; vui lòng đợi ít phút rồi bấm “Gửi đánh giá” lại.",
    error_form_expired: "Trang khảo sát đã mở quá lâu nên cần gửi lại. Các lựa chọn của ông/bà vẫn được giữ nguyên; vui lòng bấm “Gửi đánh giá” một lần nữa.",
};

pub static EN: Strings = Strings {
    language_name: "English",
    comment_label: "Other comments (optional)",
    comment_hint: "Up to 2,000 characters. Please do not write phone numbers or personal details.",
    submit: "Send my rating",
    privacy_note: "The survey is anonymous. We do not keep your IP address or device details.",
    privacy_link: "What we keep",
    thanks_title: "Thank you!",
    thanks_body: "Your rating has been recorded. It helps the office serve people better.",
    thanks_close: "You may close this page.",
    error_summary: "Your answers were not sent. Please check:",
    error_no_answer: "Please answer at least one question.",
    error_off_scale: "This answer is not valid; please choose again.",
    error_comment_too_long: "The comment is too long: 2,000 characters at most.",
    error_comment_characters: "The comment contains characters that are not allowed.",
    error_form_tampered: "The form contained fields that are not valid. Please choose again and resend.",
    error_form_stale: "The form was out of date or incomplete. Please check your choices and send again.",
    error_not_saved: "The server has a problem, so your answers have NOT been saved yet. Your choices are kept: please wait a moment and press “Send my rating” again.",
    error_form_expired: "This page was open for too long, so it must be sent again. Your choices are kept: please press “Send my rating” once more.",
};

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn counts_have_the_languages_thousands_separator() {
        assert_eq!(Lang::Vi.count(5688), "5.688");
        assert_eq!(Lang::En.count(5688), "5,688");
        assert_eq!(Lang::Vi.count(1_234_567), "1.234.567");
        assert_eq!(Lang::Vi.count(999), "999");
        assert_eq!(Lang::Vi.count(0), "0");
    }
}

//! The names people read for the codes the program keeps: unit kinds, roles, audit actions. A
//! Vietnamese page never shows `service_point`, `manager` or `account created`.

use crate::Lang;

/// A unit kind (`province`, `department`, `commune`, `service_point`).
pub fn kind(lang: Lang, code: &str) -> &'static str {
    match (lang, code) {
        (Lang::Vi, "province") => "Tỉnh, thành phố",
        (Lang::Vi, "department") => "Sở, ban, ngành",
        (Lang::Vi, "commune") => "Xã, phường, đặc khu",
        (Lang::Vi, _) => "Điểm tiếp nhận và trả kết quả",
        (Lang::En, "province") => "Province",
        (Lang::En, "department") => "Department",
        (Lang::En, "commune") => "Commune",
        (Lang::En, _) => "Service point",
    }
}

/// A staff role (`admin`, `manager`, `viewer`).
pub fn role(lang: Lang, code: &str) -> &'static str {
    match (lang, code) {
        (Lang::Vi, "admin") => "Quản trị",
        (Lang::Vi, "manager") => "Quản lý",
        (Lang::Vi, _) => "Xem",
        (Lang::En, "admin") => "Administrator",
        (Lang::En, "manager") => "Manager",
        (Lang::En, _) => "Viewer",
    }
}

/// Who did it, as the audit log stores it: an account's name, or the command line.
pub fn actor(lang: Lang, actor: &str) -> &str {
    match (lang, actor) {
        (Lang::Vi, "sipas (command line)") => "sipas (dòng lệnh)",
        _ => actor,
    }
}

/// Every action the audit log records (English, stable for tools that read the table), with
/// its Vietnamese name.
pub const AUDIT_ACTIONS: [(&str, &str); 32] = [
    ("login", "Đăng nhập"),
    ("logout", "Đăng xuất"),
    ("account created", "Tạo tài khoản"),
    ("account renamed", "Đổi tên đăng nhập"),
    ("account switched on", "Mở lại tài khoản"),
    ("account switched off", "Khoá tài khoản"),
    ("api token added", "Tạo mã API"),
    ("comments purged", "Xoá góp ý quá hạn"),
    ("counter added", "Thêm quầy"),
    ("counter code rotated", "Đổi mã QR của quầy"),
    ("counter renamed", "Đổi tên quầy"),
    ("counter questionnaire chosen", "Chọn bộ câu hỏi cho quầy"),
    ("counter switched on", "Mở lại quầy"),
    ("counter switched off", "Ngừng quầy"),
    ("kiosk opened", "Cấp địa chỉ máy tính bảng"),
    ("kiosk withdrawn", "Thu hồi máy tính bảng"),
    ("period submitted", "Trình duyệt số liệu kỳ"),
    ("period returned", "Trả lại kỳ trình duyệt"),
    ("period approved", "Duyệt và chốt số liệu kỳ"),
    ("period reopened", "Mở lại kỳ đã duyệt"),
    ("public note set", "Viết ghi chú công khai cho người dân"),
    ("questionnaire version added", "Thêm phiên bản bộ câu hỏi"),
    ("response excluded", "Loại phiếu khỏi số liệu"),
    ("response restored", "Tính lại phiếu"),
    ("response flagged", "Đánh dấu phiếu"),
    ("unit added", "Thêm đơn vị"),
    ("unit contact set", "Đặt đường dây nóng, tiêu đề áp phích"),
    ("unit moved", "Chuyển đơn vị"),
    ("unit renamed", "Đổi tên đơn vị"),
    ("unit switched on", "Mở lại đơn vị"),
    ("unit switched off", "Ngừng đơn vị"),
    ("units imported", "Nhập đơn vị từ CSV"),
];

/// A target or detail of the audit log, as stored (English, for tools), in the page's language:
/// `response 12 (P.A)` reads `phiếu 12 (P.A)` on a Vietnamese page, `manager` reads `Quản lý`.
pub fn audit_text(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_owned();
    }
    if matches!(text, "admin" | "manager" | "viewer") {
        return role(lang, text).to_owned();
    }
    const PREFIXES: [(&str, &str); 5] = [
        ("response ", "phiếu "),
        ("counter ", "quầy "),
        ("token ", "mã API "),
        ("address ", "địa chỉ "),
        ("older than ", "cũ hơn "),
    ];
    for (en, vi) in PREFIXES {
        if let Some(rest) = text.strip_prefix(en) {
            let rest = rest
                .strip_suffix(" days")
                .map_or(rest.to_owned(), |n| format!("{n} ngày"));
            return format!("{vi}{rest}");
        }
    }
    if let Some((n, rest)) = text.split_once(' ')
        && n.chars().all(|c| c.is_ascii_digit())
    {
        if let Some(day) = rest.strip_prefix("comments before ") {
            return format!("{n} góp ý trước {day}");
        }
        if rest == "items" {
            return format!("{n} dòng");
        }
    }
    text.to_owned()
}

/// An action of the audit log, as stored, in the page's language.
pub fn audit_action(lang: Lang, action: &str) -> String {
    match (lang, AUDIT_ACTIONS.iter().find(|(code, _)| *code == action)) {
        (Lang::Vi, Some((_, vi))) => (*vi).to_owned(),
        _ => action.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_pages_read_vietnamese_names() {
        assert_eq!(
            kind(Lang::Vi, "service_point"),
            "Điểm tiếp nhận và trả kết quả"
        );
        assert_eq!(role(Lang::Vi, "manager"), "Quản lý");
        assert_eq!(audit_action(Lang::Vi, "account created"), "Tạo tài khoản");
        assert_eq!(audit_action(Lang::En, "account created"), "account created");
        assert_eq!(actor(Lang::Vi, "sipas (command line)"), "sipas (dòng lệnh)");
        assert_eq!(actor(Lang::Vi, "quantri"), "quantri");
        assert_eq!(audit_text(Lang::Vi, "response 12 (P.A)"), "phiếu 12 (P.A)");
        assert_eq!(
            audit_text(Lang::Vi, "address 127.0.0.1"),
            "địa chỉ 127.0.0.1"
        );
        assert_eq!(audit_text(Lang::Vi, "manager"), "Quản lý");
        assert_eq!(
            audit_text(Lang::Vi, "older than 365 days"),
            "cũ hơn 365 ngày"
        );
        assert_eq!(
            audit_text(Lang::Vi, "3 comments before 20250101"),
            "3 góp ý trước 20250101"
        );
        assert_eq!(audit_text(Lang::Vi, "T01.TT"), "T01.TT");
        assert_eq!(
            audit_text(Lang::En, "response 12 (P.A)"),
            "response 12 (P.A)"
        );
    }
}

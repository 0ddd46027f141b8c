//! What sipas keeps about a citizen who answers, in plain words: linked from every survey page.

use maud::{Markup, html};

use crate::{Lang, layout, paths};

/// The page, with a link back to the survey it was opened from (`back`: a survey or kiosk path
/// the caller has checked).
pub fn privacy_page(lang: Lang, back: Option<&str>) -> Markup {
    let other = lang.other();
    let mut switch = format!("{}?lang={}", paths::Privacy::href(), other.code());
    if let Some(back) = back {
        switch.push_str("&back=");
        switch.push_str(back);
    }
    let (title, points): (&str, [&str; 6]) = match lang {
        Lang::Vi => (
            "Chúng tôi lưu gì khi ông/bà đánh giá",
            [
                "Các câu trả lời, góp ý (nếu có), quầy và thời điểm gửi. Phiếu không ghi tên.",
                "Không lưu địa chỉ IP, không lưu thông tin trình duyệt hay điện thoại. Để nhận ra phiếu gửi hàng loạt, địa chỉ mạng chỉ được lưu sau khi trộn với một khoá đổi mỗi ngày; khoá cũ bị xoá.",
                "Trình duyệt giữ một mã ngẫu nhiên (cookie) để nhận ra phiếu gửi lại nhiều lần từ cùng một máy. Chúng tôi chỉ lưu mã này sau khi trộn với một khoá đổi mỗi ngày; khoá cũ bị xoá, nên không thể lần lại máy của ông/bà.",
                "Số điện thoại và địa chỉ thư điện tử trong góp ý được che khi cán bộ xem.",
                "Góp ý được xoá sau một thời hạn do cơ quan quy định; các câu trả lời chỉ dùng để tính chỉ số hài lòng.",
                "Không dùng cho quảng cáo, không chia sẻ cho bên thứ ba.",
            ],
        ),
        Lang::En => (
            "What we keep when you give a rating",
            [
                "Your answers, your comment (if any), the counter and the time. The survey carries no name.",
                "No IP address, and no details of your browser or phone. To recognise mass submissions, the network address is kept only mixed with a key that changes every day; old keys are deleted.",
                "Your browser keeps a random code (a cookie) so that several responses from one phone can be told apart. We store it only mixed with a key that changes every day; old keys are deleted, so your phone cannot be traced.",
                "Phone numbers and e-mail addresses in comments are masked when staff read them.",
                "Comments are deleted after a period the agency sets; answers serve only to compute satisfaction figures.",
                "Nothing is used for advertising or shared with third parties.",
            ],
        ),
    };
    let body = html! {
        header.top {
            div.place {}
            a.lang href=(switch) lang=(other.code()) hreflang=(other.code()) {
                (other.strings().language_name)
            }
        }
        h1 { (title) }
        ul.privacy { @for point in points { li { (point) } } }
        @if let Some(back) = back {
            p { a.back href=(format!("{back}?lang={}", lang.code())) { (lang.pick("← Quay lại phiếu đánh giá", "← Back to the survey")) } }
        }
    };
    layout::page(lang, title, body)
}

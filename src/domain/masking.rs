//! Comments are shown to staff with phone numbers and e-mail addresses masked: citizens
//! sometimes write them, and the survey is anonymous.

/// Replaces e-mail addresses and runs of 7 or more digits (spaces, dots, dashes and a leading
/// `+` allowed between them) with `•••`.
pub fn mask_contacts(text: &str) -> String {
    let masked_mail: Vec<String> = text
        .split(' ')
        .map(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            if bare.contains('@') && bare.contains('.') {
                word.replace(bare, "•••")
            } else {
                word.to_owned()
            }
        })
        .collect();
    mask_digit_runs(&masked_mail.join(" "))
}

fn mask_digit_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            // Extend over digits and separators, ending on a digit.
            let mut end = i;
            let mut digits = 0;
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit() || matches!(chars[j], ' ' | '.' | '-' | '+'))
            {
                if chars[j].is_ascii_digit() {
                    digits += 1;
                    end = j;
                }
                j += 1;
            }
            if digits >= 7 {
                out.push_str("•••");
                i = end + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn masks_phones_and_mails_keeps_the_rest() {
        assert_eq!(mask_contacts("Gọi tôi 0912 345 678 nhé"), "Gọi tôi ••• nhé");
        assert_eq!(mask_contacts("SĐT: +84.912.345.678."), "SĐT: •••.");
        assert_eq!(
            mask_contacts("mail an.nguyen@example.vn, cảm ơn"),
            "mail •••, cảm ơn"
        );
        assert_eq!(
            mask_contacts("Chờ 45 phút, quầy số 3, năm 2025"),
            "Chờ 45 phút, quầy số 3, năm 2025"
        );
        // Long digit runs in a dossier code go too: harmless, and safer than guessing.
        assert_eq!(
            mask_contacts("Mã hồ sơ 000.00.12.H12-250301-0001"),
            "Mã hồ sơ •••.H•••"
        );
    }

    proptest! {
        #[test]
        fn no_run_of_seven_digits_survives(text in "[0-9 .a-zà-ỹ@+-]{0,60}") {
            let masked = mask_contacts(&text);
            let longest = masked
                .split(|c: char| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+')))
                .map(|run| run.chars().filter(char::is_ascii_digit).count())
                .max()
                .unwrap_or(0);
            prop_assert!(longest < 7, "{} -> {}", text, masked);
        }
    }
}

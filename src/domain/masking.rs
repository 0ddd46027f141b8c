//! Comments are shown to staff with phone numbers and e-mail addresses masked: citizens
//! sometimes write them, and the survey is anonymous.

/// Replaces e-mail addresses and runs of 7 or more digits with `•••`. A digit is any numeral
/// (ASCII, full-width `０９…`, other scripts, circled `⓪①…`); between digits a run may hold
/// any character that is neither a letter, a digit nor a line break: spaces and tabs, every
/// punctuation mark and dash, invisible characters. A run made only of dates (`12/03/2025`,
/// `2025-03-12`, `12/03/2025 - 15/03/2025`) is kept: staff need dates, and no Vietnamese
/// phone number has that shape.
pub fn mask_contacts(text: &str) -> String {
    let masked_mail: Vec<String> = text
        .split(' ')
        .map(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            if bare.contains(['@', '＠']) && bare.contains(['.', '．']) {
                word.replace(bare, "•••")
            } else {
                word.to_owned()
            }
        })
        .collect();
    mask_digit_runs(&masked_mail.join(" "))
}

/// A numeral of any script.
fn is_digit(c: char) -> bool {
    c.is_numeric()
}

/// What may stand between the digits of one phone number: anything but a letter, a digit or a
/// line break.
fn is_separator(c: char) -> bool {
    !c.is_alphanumeric() && c != '\n' && c != '\r'
}

fn mask_digit_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if is_digit(chars[i]) {
            // Extend over digits and separators, ending on a digit.
            let mut end = i;
            let mut digits = 0;
            let mut j = i;
            while j < chars.len() && (is_digit(chars[j]) || is_separator(chars[j])) {
                if is_digit(chars[j]) {
                    digits += 1;
                    end = j;
                }
                j += 1;
            }
            if digits >= 7 && is_date(&chars[i..=end]) {
                // Kept whole: read again from its middle, a tail such as `03/2025, 13/…` would
                // no longer look like dates.
                out.extend(&chars[i..=end]);
                i = end + 1;
                continue;
            }
            if digits >= 7 {
                // A `+` or an opening bracket right before the run belongs to the number.
                while out.ends_with(['+', '(', '[', '（', '＋']) {
                    out.pop();
                }
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

/// A run made only of dates, between spaces, commas or dashes.
fn is_date(run: &[char]) -> bool {
    let text: String = run.iter().collect();
    let mut dates = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .filter(|token| token.chars().any(|c| c.is_ascii_digit()))
        .peekable();
    dates.peek().is_some() && dates.all(one_date)
}

/// `d{1,2} sep d{1,2} sep d{4}` (one separator among `/`, `.`, `-`) or `yyyy-mm-dd`.
fn one_date(text: &str) -> bool {
    let Some(separator) = text.chars().find(|c| matches!(c, '/' | '.' | '-')) else {
        return false;
    };
    let parts: Vec<&str> = text.split(separator).collect();
    let digits = |part: &str, lengths: &[usize]| {
        part.chars().all(|c| c.is_ascii_digit()) && lengths.contains(&part.len())
    };
    parts.len() == 3
        && ((digits(parts[0], &[1, 2]) && digits(parts[1], &[1, 2]) && digits(parts[2], &[4]))
            || (separator == '-'
                && digits(parts[0], &[4])
                && digits(parts[1], &[1, 2])
                && digits(parts[2], &[1, 2])))
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

    #[test]
    fn masks_the_separators_a_review_found() {
        for phone in [
            "091/234/5678",
            "0912,345,678",
            "0912\t345\t678",
            "０９１２３４５６７８",
            "(091) 234-5678",
            "(+84) 912 345 678",
            "0912_345_678",
            "0912~345~678",
            "0912|345|678",
            "0912:345:678",
            "0912;345;678",
            "0912*345*678",
            "0912'345'678",
            "0912\u{2011}345\u{2011}678",
            "0912\u{2212}345\u{2212}678",
            "0912\u{200b}345\u{200b}678",
            "0912\u{ad}345\u{ad}678",
            "𝟎𝟗𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖",
            "٠٩١٢٣٤٥٦٧٨",
            "⓪⑨①②③④⑤⑥⑦⑧",
        ] {
            assert_eq!(
                mask_contacts(&format!("SĐT {phone} nhé")),
                "SĐT ••• nhé",
                "{phone}"
            );
        }
        // Dates stay readable.
        for dates in [
            "Nộp ngày 12/03/2025, hẹn 1.4.2025",
            "Nộp 12/03/2025, 13/03/2025 nhé",
            "Từ 12/03/2025 - 15/03/2025",
            "Ngày 2025-03-12",
        ] {
            assert_eq!(mask_contacts(dates), dates);
        }
        assert_eq!(mask_contacts("mail an.nguyen＠example.vn"), "mail •••");
    }

    /// A Vietnamese phone number (mobile or landline, national or +84) written in one of the
    /// ways people write them.
    fn phone() -> impl Strategy<Value = String> {
        let digits = (
            prop_oneof![
                Just("0".to_owned()),
                Just("+84".to_owned()),
                Just("84".to_owned())
            ],
            prop::sample::select(vec!["3", "5", "7", "8", "9", "24", "28", "236"]),
            proptest::collection::vec(0u8..10, 7..=8),
        );
        let separator = prop::sample::select(vec!["", " ", ".", "-", "/", ",", "\t", "_", " - "]);
        (digits, separator, 1usize..4, any::<bool>(), any::<bool>()).prop_map(
            |((start, prefix, rest), sep, group, brackets, full_width)| {
                let rest: String = rest.iter().map(|d| char::from(b'0' + d)).collect();
                let head = format!("{start}{prefix}");
                let head = if brackets { format!("({head})") } else { head };
                let body: Vec<String> = rest
                    .as_bytes()
                    .chunks(group + 2)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                let number = format!("{head}{sep}{}", body.join(sep));
                if full_width {
                    number
                        .chars()
                        .map(|c| {
                            c.to_digit(10)
                                .map_or(c, |d| char::from_u32(0xff10 + d).unwrap_or(c))
                        })
                        .collect()
                } else {
                    number
                }
            },
        )
    }

    proptest! {
        #[test]
        fn no_run_of_seven_digits_survives(text in "[0-9 .a-zà-ỹ@+-]{0,60}") {
            let masked = mask_contacts(&text);
            // Every run of 7 digits or more left is a date, kept on purpose.
            for run in masked.split(|c: char| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+'))) {
                let run = run.trim_matches(|c: char| !c.is_ascii_digit());
                let digits = run.chars().filter(char::is_ascii_digit).count();
                let chars: Vec<char> = run.chars().collect();
                prop_assert!(digits < 7 || is_date(&chars), "{} -> {}", text, masked);
            }
        }

        #[test]
        fn no_digit_of_a_phone_number_survives(
            number in phone(),
            before in "[a-zăâđêôơưàáảãạèéẻẽẹ ]{0,12}",
            after in "[a-zăâđêôơưàáảãạèéẻẽẹ ]{0,12}",
        ) {
            let masked = mask_contacts(&format!("{before} {number} {after}"));
            prop_assert!(!masked.chars().any(is_digit), "{} -> {}", number, masked);
        }
    }
}

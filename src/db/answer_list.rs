//! The compact copy of a response's answers kept on the response row: `question:value` pairs in
//! question order, separated by commas (`7:5,8:4,9:5`). Raw exports read it instead of the
//! `answer` rows; `sipas verify` checks that it equals them.

use crate::domain::ScalePoint;

/// The compact form of `answers`, in question order whatever order they come in.
pub fn encode(answers: &[(i32, ScalePoint)]) -> String {
    let mut sorted: Vec<(i32, u8)> = answers.iter().map(|(q, p)| (*q, p.get())).collect();
    sorted.sort_unstable();
    let mut text = String::with_capacity(sorted.len() * 5);
    for (i, (question, value)) in sorted.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&question.to_string());
        text.push(':');
        text.push_str(&value.to_string());
    }
    text
}

/// The (question id, value) pairs of a compact answer list; malformed pairs are skipped (the
/// column is only ever written by `encode` or the migration that filled it).
pub fn decode(text: &str) -> Vec<(i32, u8)> {
    text.split(',')
        .filter_map(|pair| {
            let (question, value) = pair.split_once(':')?;
            Some((question.parse().ok()?, value.parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Scale;

    fn point(v: u8) -> ScalePoint {
        Scale::FivePoint.point(v).unwrap()
    }

    #[test]
    fn encodes_in_question_order_and_decodes_back() {
        let text = encode(&[(12, point(4)), (3, point(5)), (7, point(1))]);
        assert_eq!(text, "3:5,7:1,12:4");
        assert_eq!(decode(&text), vec![(3, 5), (7, 1), (12, 4)]);
    }

    #[test]
    fn empty_list_is_empty_text() {
        assert_eq!(encode(&[]), "");
        assert!(decode("").is_empty());
    }
}

//! A value that a person or a file gave and that cannot be used: what to correct, said in
//! Vietnamese and in English. A page shows the sentence of its own language; the command line
//! and the log show both, Vietnamese first.

/// What is wrong with a value, and how to correct it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{vi} ({en})")]
pub struct Invalid {
    pub vi: String,
    pub en: String,
}

impl Invalid {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Invalid {
        Invalid {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The same problem with what it is about (a line, a unit code) put before each sentence.
    pub fn about(self, vi: &str, en: &str) -> Invalid {
        Invalid {
            vi: format!("{vi}: {}", self.vi),
            en: format!("{en}: {}", self.en),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_on_the_command_line_one_on_a_page() {
        let problem = Invalid::new("tên quá dài", "the name is too long").about("Dòng 3", "Line 3");
        assert_eq!(
            problem.to_string(),
            "Dòng 3: tên quá dài (Line 3: the name is too long)"
        );
        assert_eq!(problem.vi, "Dòng 3: tên quá dài");
    }
}

//! The five service elements (yếu tố) of SIPAS.

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Element {
    Access,
    Procedure,
    Staff,
    Result,
    Feedback,
}

impl Element {
    pub const ALL: [Element; 5] = [
        Element::Access,
        Element::Procedure,
        Element::Staff,
        Element::Result,
        Element::Feedback,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Element::Access => "access",
            Element::Procedure => "procedure",
            Element::Staff => "staff",
            Element::Result => "result",
            Element::Feedback => "feedback",
        }
    }

    pub fn from_code(code: &str) -> Option<Element> {
        Element::ALL.into_iter().find(|e| e.code() == code)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Element::Access => "Tiếp cận dịch vụ",
            Element::Procedure => "Thủ tục hành chính",
            Element::Staff => "Công chức trực tiếp giải quyết công việc",
            Element::Result => "Kết quả giải quyết thủ tục hành chính",
            Element::Feedback => "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Element::Access => "Access to the service",
            Element::Procedure => "Administrative procedure",
            Element::Staff => "Civil servants handling the case",
            Element::Result => "Result of the procedure",
            Element::Feedback => "Handling of comments and complaints",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for element in Element::ALL {
            assert_eq!(Element::from_code(element.code()), Some(element));
        }
        assert_eq!(Element::from_code("Access"), None);
    }
}

//! The sign-off of a period (docs/methodology.md, "Signed-off periods"): a manager submits a
//! unit's month, quarter, half-year or year with a note; a province admin approves it, which
//! freezes its figures, or sends it back with a reason; an admin may reopen an approved period,
//! with a reason, and it is submitted again from there.

use crate::domain::invalid::Invalid;
use crate::domain::period::{Period, PeriodKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Submitted,
    Returned,
    Approved,
    Reopened,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Submitted,
        Status::Returned,
        Status::Approved,
        Status::Reopened,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Approved => "approved",
            Status::Reopened => "reopened",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Status::Submitted => "Đã trình, chờ duyệt",
            Status::Returned => "Bị trả lại",
            Status::Approved => "Đã duyệt (số liệu chính thức)",
            Status::Reopened => "Đã mở lại",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Status::Submitted => "Submitted, awaiting approval",
            Status::Returned => "Sent back",
            Status::Approved => "Approved (official figures)",
            Status::Reopened => "Reopened",
        }
    }
}

/// A step of the workflow, with the words that must come with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// By a manager of the unit (or an admin), with an optional note.
    Submit { note: Option<String> },
    /// By an admin.
    Approve,
    /// By an admin, with a reason.
    Return { reason: String },
    /// By an admin, with a reason: the frozen figures stay in the log, the period is open again.
    Reopen { reason: String },
}

impl Step {
    pub fn code(&self) -> &'static str {
        match self {
            Step::Submit { .. } => "submit",
            Step::Approve => "approve",
            Step::Return { .. } => "return",
            Step::Reopen { .. } => "reopen",
        }
    }

    /// The step named by a form's `step` field and its text (note or reason).
    pub fn parse(code: &str, text: &str) -> Result<Step, Invalid> {
        let text = text.trim();
        let reason = || {
            if text.is_empty() {
                Err(Invalid::new("cần ghi lý do", "a reason is needed"))
            } else if text.chars().count() > 2000 {
                Err(Invalid::new(
                    "lý do dài quá 2.000 ký tự",
                    "the reason is longer than 2,000 characters",
                ))
            } else {
                Ok(text.to_owned())
            }
        };
        match code {
            "submit" if text.chars().count() > 2000 => Err(Invalid::new(
                "ghi chú dài quá 2.000 ký tự",
                "the note is longer than 2,000 characters",
            )),
            "submit" => Ok(Step::Submit {
                note: (!text.is_empty()).then(|| text.to_owned()),
            }),
            "approve" => Ok(Step::Approve),
            "return" => Ok(Step::Return { reason: reason()? }),
            "reopen" => Ok(Step::Reopen { reason: reason()? }),
            _ => Err(Invalid::new("bước không hợp lệ", "not a step")),
        }
    }

    /// Only an admin approves, returns or reopens.
    pub fn needs_admin(&self) -> bool {
        !matches!(self, Step::Submit { .. })
    }
}

/// The status after `step` from `now` (`None`: never submitted), or why the step cannot be
/// taken.
pub fn next(now: Option<Status>, step: &Step) -> Result<Status, Invalid> {
    match (now, step) {
        (None | Some(Status::Returned | Status::Reopened), Step::Submit { .. }) => {
            Ok(Status::Submitted)
        }
        (Some(Status::Submitted), Step::Approve) => Ok(Status::Approved),
        (Some(Status::Submitted), Step::Return { .. }) => Ok(Status::Returned),
        (Some(Status::Approved), Step::Reopen { .. }) => Ok(Status::Reopened),
        (Some(Status::Approved), _) => Err(Invalid::new(
            "kỳ này đã được duyệt; muốn sửa cần mở lại kỳ (quản trị tỉnh, có lý do)",
            "this period is approved; to change it, an admin must reopen it with a reason",
        )),
        (Some(Status::Submitted), Step::Submit { .. }) => Err(Invalid::new(
            "kỳ này đã được trình và đang chờ duyệt",
            "this period is already submitted and awaits approval",
        )),
        _ => Err(Invalid::new(
            "kỳ này chưa được trình",
            "this period has not been submitted",
        )),
    }
}

/// The periods that are signed off: a month, a quarter, a half-year or a year, already over.
pub fn signable(period: &Period, today: time::Date) -> Result<(), Invalid> {
    if !matches!(
        period.kind(),
        PeriodKind::Month | PeriodKind::Quarter | PeriodKind::Half | PeriodKind::Year
    ) {
        return Err(Invalid::new(
            "chỉ trình duyệt được tháng, quý, 6 tháng hoặc năm",
            "only a month, a quarter, a half-year or a year is signed off",
        ));
    }
    if period.last().date() >= today {
        return Err(Invalid::new(
            "kỳ chưa kết thúc: chỉ trình duyệt kỳ đã qua",
            "the period is not over yet: only a past period is signed off",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submit() -> Step {
        Step::Submit { note: None }
    }

    #[test]
    fn the_workflow_goes_submit_return_submit_approve_reopen() {
        let returned = Step::Return {
            reason: "thiếu".into(),
        };
        let reopen = Step::Reopen {
            reason: "sai".into(),
        };
        let mut status = next(None, &submit()).unwrap();
        assert_eq!(status, Status::Submitted);
        status = next(Some(status), &returned).unwrap();
        assert_eq!(status, Status::Returned);
        status = next(Some(status), &submit()).unwrap();
        status = next(Some(status), &Step::Approve).unwrap();
        assert_eq!(status, Status::Approved);
        assert!(next(Some(status), &submit()).is_err());
        assert!(next(Some(status), &Step::Approve).is_err());
        status = next(Some(status), &reopen).unwrap();
        assert_eq!(status, Status::Reopened);
        assert!(next(Some(status), &Step::Approve).is_err());
        assert_eq!(next(Some(status), &submit()).unwrap(), Status::Submitted);
        assert!(next(None, &Step::Approve).is_err());
    }

    #[test]
    fn reasons_are_required_and_only_whole_past_periods_sign() {
        assert!(Step::parse("return", "  ").is_err());
        assert!(Step::parse("reopen", "").is_err());
        assert_eq!(
            Step::parse("submit", " ").unwrap(),
            Step::Submit { note: None }
        );
        assert!(Step::parse("delete", "x").is_err());
        let today = time::macros::date!(2026 - 10 - 05);
        assert!(signable(&Period::parse("2026-Q3").unwrap(), today).is_ok());
        assert!(signable(&Period::parse("2026-Q4").unwrap(), today).is_err());
        assert!(signable(&Period::parse("2026-09-01").unwrap(), today).is_err());
        assert!(signable(&Period::parse("2026-W30").unwrap(), today).is_err());
    }
}

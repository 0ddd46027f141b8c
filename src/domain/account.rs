//! Staff accounts: roles, usernames, passwords, and what an account may see.

use std::fmt;

use crate::domain::invalid::Invalid;

/// What an account may do. Admins see and change everything; managers manage their unit's
/// subtree; viewers read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Admin,
    Manager,
    Viewer,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(raw: &str) -> Result<Role, Invalid> {
        match raw.trim() {
            "admin" => Ok(Role::Admin),
            "manager" => Ok(Role::Manager),
            "viewer" => Ok(Role::Viewer),
            other => Err(Invalid::new(
                format!("vai trò «{other}» không hợp lệ; dùng admin, manager hoặc viewer"),
                format!("unknown role «{other}»; use admin, manager or viewer"),
            )),
        }
    }
}

/// A login name: 3 to 64 of `a-z 0-9 . _ -`, compared in lower case.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Username, Invalid> {
        let name = raw.trim().to_ascii_lowercase();
        let valid = (3..=64).contains(&name.len())
            && name.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            });
        if valid {
            Ok(Username(name))
        } else {
            let raw = raw.trim();
            Err(Invalid::new(
                format!("tên đăng nhập «{raw}» phải có 3–64 ký tự a-z, 0-9, . _ -"),
                format!("the username «{raw}» must be 3 to 64 of a-z, 0-9, . _ -"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A signed-in account and its scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: i32,
    pub username: String,
    pub role: Role,
    /// The root of the account's scope, with its path; `None` means the whole tree (admins).
    pub scope: Option<Scope>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub unit_id: i32,
    pub unit_code: String,
    pub unit_name: String,
    pub path: String,
}

impl Account {
    /// Whether the unit with this materialised path lies in the account's scope.
    pub fn sees_path(&self, path: &str) -> bool {
        self.role == Role::Admin
            || self
                .scope
                .as_ref()
                .is_some_and(|s| path.starts_with(&s.path))
    }

    pub fn may_change(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Manager)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(role: Role, path: Option<&str>) -> Account {
        Account {
            id: 1,
            username: "x".into(),
            role,
            scope: path.map(|p| Scope {
                unit_id: 1,
                unit_code: "U".into(),
                unit_name: "U".into(),
                path: p.into(),
            }),
        }
    }

    #[test]
    fn usernames() {
        assert_eq!(
            Username::parse(" Nguyen.Van_A ").unwrap().as_str(),
            "nguyen.van_a"
        );
        for bad in ["ab", "có dấu", "a b c", "x/y", &"a".repeat(65)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn scope_is_a_subtree() {
        let manager = account(Role::Manager, Some("/1/7/"));
        assert!(manager.sees_path("/1/7/"));
        assert!(manager.sees_path("/1/7/42/"));
        assert!(!manager.sees_path("/1/"));
        assert!(!manager.sees_path("/1/70/"));
        assert!(account(Role::Admin, None).sees_path("/3/"));
        // A non-admin without a unit sees nothing.
        assert!(!account(Role::Viewer, None).sees_path("/1/"));
        assert!(manager.may_change() && !account(Role::Viewer, Some("/1/")).may_change());
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::Admin, Role::Manager, Role::Viewer] {
            assert_eq!(Role::parse(role.code()), Ok(role));
        }
        assert!(Role::parse("root").is_err());
    }

    proptest::proptest! {
        #[test]
        fn usernames_parse_to_their_own_normal_form(raw in "\\PC{0,80}") {
            if let Ok(name) = Username::parse(&raw) {
                proptest::prop_assert_eq!(Username::parse(name.as_str()), Ok(name.clone()));
                proptest::prop_assert!(name.as_str().len() >= 3 && name.as_str().len() <= 64);
            }
            let _ = Role::parse(&raw);
        }
    }
}

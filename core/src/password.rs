//! The password policy (OWASP ASVS 2.1): at least [`MIN_CHARS`] characters (any
//! characters, no composition rules), at most [`MAX_CHARS`], not the user name nor
//! containing it, not one of the common passwords in `core/data/common-passwords.txt`
//! (compiled in; compared in lower case), and, when it replaces one, not the same as
//! the current password.
//!
//! The browser checks it as the password is typed and the server checks it again with
//! this same function before hashing anything.

use crate::violation::{Code, Violation, Violations};

/// Fewest characters (Unicode scalar values) of a password.
pub const MIN_CHARS: usize = 12;
/// Most characters of a password (the login reads no more).
pub const MAX_CHARS: usize = 128;
/// A user name shorter than this is only refused as the whole password, not as a part
/// of it (a one-letter name would forbid that letter everywhere).
pub const USERNAME_PART_MIN_CHARS: usize = 3;

/// The common passwords, one a line, lower case; see `core/data/make_common_passwords.py`.
const COMMON: &str = include_str!("../data/common-passwords.txt");

/// Whether `password` (in lower case) is on the list of common passwords.
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON.lines().any(|line| line == lower)
}

/// Judges a new password for `username`; `field` names the form field it was typed in
/// (`new_password`). Answers every rule it breaks.
pub fn check(username: &str, password: &str, field: &str) -> Result<(), Violations> {
    let mut violations = Violations::new();
    let chars = password.chars().count();
    if chars == 0 {
        violations.push(Violation::new(Code::Required, field));
        return Err(violations);
    }
    if chars < MIN_CHARS {
        violations.push(Violation::new(Code::PasswordTooShort, field).with("min", MIN_CHARS));
    }
    if chars > MAX_CHARS {
        violations.push(Violation::new(Code::TooLong, field).with("max", MAX_CHARS));
    }
    let name = username.trim().to_lowercase();
    let lower = password.to_lowercase();
    if !name.is_empty()
        && (lower == name
            || (name.chars().count() >= USERNAME_PART_MIN_CHARS && lower.contains(&name)))
    {
        violations.push(Violation::new(Code::PasswordHasUsername, field));
    }
    if is_common(password) {
        violations.push(Violation::new(Code::PasswordCommon, field));
    }
    violations.into_result(|| ())
}

/// Judges a password change: the new password by [`check`] (field `new_password`), and
/// that it is not the current one.
pub fn check_change(username: &str, current: &str, new: &str) -> Result<(), Violations> {
    let mut violations = match check(username, new, "new_password") {
        Ok(()) => Violations::new(),
        Err(v) => v,
    };
    if !new.is_empty() && new == current {
        violations.push(Violation::new(Code::PasswordUnchanged, "new_password"));
    }
    violations.into_result(|| ())
}

/// Judges the confirmation typed under a new password (the browser's check).
pub fn check_confirmation(new: &str, confirmation: &str) -> Result<(), Violation> {
    if confirmation.is_empty() {
        Err(Violation::new(Code::Required, "confirm_password"))
    } else if new != confirmation {
        Err(Violation::new(
            Code::PasswordConfirmMismatch,
            "confirm_password",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(username: &str, password: &str) -> Vec<Code> {
        check(username, password, "new_password")
            .err()
            .map(|v| v.codes())
            .unwrap_or_default()
    }

    #[test]
    fn the_policy_refuses_short_named_and_common_passwords() {
        assert_eq!(codes("zhang", "short"), [Code::PasswordTooShort]);
        assert_eq!(
            codes("zhangsan.agent", "ZhangSan.Agent"),
            [Code::PasswordHasUsername]
        );
        assert_eq!(
            codes("zhang", "my-zhang-password-x"),
            [Code::PasswordHasUsername]
        );
        assert_eq!(codes("zhang", "Password1234"), [Code::PasswordCommon]);
        assert_eq!(codes("zhang", "Demo-Reviewer-2026"), [Code::PasswordCommon]);
        assert_eq!(codes("zhang", ""), [Code::Required]);
        assert_eq!(codes("zhang", &"x".repeat(129)), [Code::TooLong]);
        assert_eq!(codes("ab", "correct-horse-ab-staple"), []);
        assert_eq!(codes("zhang", "correct horse battery staple"), []);
        assert_eq!(codes("zhang", "长城长城长城长城长城长城"), []);
    }

    #[test]
    fn the_list_is_lower_case_and_has_thousands() {
        let lines: Vec<&str> = COMMON.lines().collect();
        assert!(lines.len() >= 2000, "{}", lines.len());
        assert!(lines
            .iter()
            .all(|l| *l == l.to_lowercase() && !l.is_empty()));
    }

    #[test]
    fn a_change_must_change_it() {
        let err =
            check_change("zhang", "Same-strong-secret-9", "Same-strong-secret-9").unwrap_err();
        assert_eq!(err.codes(), [Code::PasswordUnchanged]);
        assert!(check_change("zhang", "Old-strong-secret-9", "New-strong-secret-9").is_ok());
        assert_eq!(
            check_confirmation("a", "b").unwrap_err().code,
            Code::PasswordConfirmMismatch
        );
    }
}

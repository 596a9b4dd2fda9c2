//! Password hashing: argon2id with the crate's default (OWASP-recommended) cost, a fresh
//! random salt per password, stored as a PHC string (`$argon2id$v=19$m=…$salt$hash`), so
//! the parameters travel with the hash and can be raised later without a migration.
//!
//! Both functions take tens of milliseconds of CPU on purpose: call them from
//! `tokio::task::spawn_blocking`, never on an async worker thread.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

/// The PHC string of `password` with a new random salt.
///
/// # Panics
/// If the operating system's random source fails (nothing sensible can go on then).
pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).expect("the operating system's random source");
    hash_with_salt(password, &salt)
}

/// The PHC string of `password` with a given salt (16 bytes is the usual size). Only
/// for data that must be reproducible, such as the demo accounts, whose passwords are
/// public anyway; real accounts use [`hash`].
///
/// # Panics
/// If `salt` is shorter than 4 or longer than 48 bytes.
pub fn hash_with_salt(password: &str, salt: &[u8]) -> String {
    let salt = SaltString::encode_b64(salt).expect("a salt of 4 to 48 bytes");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters accepts any password")
        .to_string()
}

/// Whether `password` is the one `phc` was made from. A malformed `phc` (such as the
/// mark of an account that has no password yet, `review::opening::NO_PASSWORD_YET`)
/// matches nothing, and costs as much time as a real one, so the timing of a login does
/// not tell such an account apart.
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => verify_dummy(password),
    }
}

/// Verifies against a hash of nothing anyone can type, so that a login for an unknown
/// user name costs as much time as one for a known name (the answer must not tell
/// them apart, and neither may its timing). Always false.
pub fn verify_dummy(password: &str) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("\u{0}no account has this password\u{0}"));
    verify(password, phc);
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only_and_salts_differ() {
        let a = hash("Demo-Employer-2026");
        let b = hash("Demo-Employer-2026");
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("Demo-Employer-2026", &a));
        assert!(verify("Demo-Employer-2026", &b));
        assert!(!verify("demo-employer-2026", &a));
        assert!(!verify("", &a));
        assert!(!verify("Demo-Employer-2026", "not a phc string"));
        assert!(!verify_dummy("anything"));
    }
}

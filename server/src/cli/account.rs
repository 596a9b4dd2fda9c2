//! `shebao-server account …`: the operator's account management (SPEC: "the first
//! reviewer and employer agents are created by the operator on the command line, and
//! each sets their own password at first login").
//!
//! `create` and `reset-password` give the account a one-time password (random, printed
//! once; or read from standard input with `--password-stdin`, judged by core's policy)
//! and mark it "must change password": its next login may do nothing but set its own
//! (`auth::Actor` refuses everything else with `PASSWORD_CHANGE_REQUIRED`).
//! `reset-password` and `disable` also end the account's sessions. Every command is
//! audited (`account_create`, `account_reset_password`, `account_disable`,
//! `account_enable`; no acting account: the operator).

use super::open_store;
use crate::auth::{passwords, sessions, Role};
use crate::config::Config;
use crate::db::{DbError, Tx};
use crate::repo::accounts::{self, NewAccount};
use crate::repo::ids::AccountId;
use crate::repo::{audit, employers, persons};
use clap::{Args, Subcommand, ValueEnum};
use shebao_core::ids::{CitizenId, UnitNumber};
use shebao_core::{Lang, Violation};

#[derive(Clone, Debug, Subcommand)]
pub enum AccountCommand {
    /// Create an account; prints a one-time password that must be changed at first login.
    Create(CreateArgs),
    /// Give an account a new one-time password (to be changed at its next login) and end
    /// its sessions.
    ResetPassword(PasswordArgs),
    /// Disable an account: it cannot log in, and its sessions end.
    Disable(UserArgs),
    /// Enable a disabled account again.
    Enable(UserArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// 单位经办人: acts for one employer (--employer-unit-number).
    Employer,
    /// 经办人员: reviews applications.
    Reviewer,
    /// 参保人: sees one person's records (--citizen-id).
    Resident,
}

#[derive(Clone, Debug, Args)]
pub struct CreateArgs {
    /// The user name to log in with (letters, digits, `.`, `_`, `-`, `@`; at most 64).
    #[arg(long)]
    pub username: String,
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The employer an employer agent acts for, by its unit social-security number.
    #[arg(long, value_name = "N")]
    pub employer_unit_number: Option<String>,
    /// The person a resident is, by citizen ID (social security number).
    #[arg(long, value_name = "ID")]
    pub citizen_id: Option<String>,
    /// Read the one-time password from standard input (one line) instead of making one.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Clone, Debug, Args)]
pub struct PasswordArgs {
    #[arg(long)]
    pub username: String,
    /// Read the one-time password from standard input (one line) instead of making one.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Clone, Debug, Args)]
pub struct UserArgs {
    #[arg(long)]
    pub username: String,
}

/// Longest user name.
pub const USERNAME_MAX_CHARS: usize = 64;

/// Characters of the passwords made here: no 0/O, 1/l/I to misread.
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Length of a password made here (about 93 bits).
const GENERATED_CHARS: usize = 16;

pub async fn run(command: AccountCommand, config: &Config) -> Result<(), String> {
    let now = crate::clock::Clock::with_offset(config.clock_offset_ms).now_ms();
    match command {
        AccountCommand::Create(args) => create(args, config, now).await,
        AccountCommand::ResetPassword(args) => reset_password(args, config, now).await,
        AccountCommand::Disable(args) => set_disabled(&args.username, true, config, now).await,
        AccountCommand::Enable(args) => set_disabled(&args.username, false, config, now).await,
    }
}

fn check_username(username: &str) -> Result<(), String> {
    let ok = !username.is_empty()
        && username.chars().count() <= USERNAME_MAX_CHARS
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the user name {username:?} must be 1 to {USERNAME_MAX_CHARS} letters, digits, `.`, `_`, `-` or `@`"
        ))
    }
}

fn words(v: &Violation) -> String {
    format!(
        "{} ({}: {})",
        v.message(Lang::En),
        v.code,
        v.message(Lang::Zh)
    )
}

/// A random password that passes the policy for `username`.
pub fn generate_password(username: &str) -> String {
    loop {
        let mut out = String::with_capacity(GENERATED_CHARS);
        while out.len() < GENERATED_CHARS {
            let mut bytes = [0u8; 32];
            getrandom::getrandom(&mut bytes).expect("the operating system's random source");
            // Rejection sampling keeps every character equally likely.
            let limit = 256 - 256 % ALPHABET.len();
            for b in bytes {
                if (b as usize) < limit && out.len() < GENERATED_CHARS {
                    out.push(ALPHABET[b as usize % ALPHABET.len()] as char);
                }
            }
        }
        if shebao_core::password::check(username, &out, "password").is_ok() {
            return out;
        }
    }
}

/// The one-time password: read from standard input and judged by the policy, or made.
fn one_time_password(username: &str, from_stdin: bool) -> Result<String, String> {
    if !from_stdin {
        return Ok(generate_password(username));
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    shebao_core::password::check(username, &password, "password").map_err(|violations| {
        let reasons: Vec<String> = violations.iter().map(words).collect();
        format!("the password is refused: {}", reasons.join("; "))
    })?;
    Ok(password)
}

async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(|e| e.to_string())
}

fn print_password(password: &str, when: &str) {
    println!("initial password: {password}");
    println!(
        "Give it to its owner by a safe way. It is for one login: {when} must set a password of their own before anything else."
    );
}

async fn create(args: CreateArgs, config: &Config, now: i64) -> Result<(), String> {
    let username = args.username.trim().to_string();
    check_username(&username)?;
    let role = match args.role {
        RoleArg::Employer => Role::Employer,
        RoleArg::Reviewer => Role::Reviewer,
        RoleArg::Resident => Role::Resident,
    };
    let unit_number = match (role, &args.employer_unit_number) {
        (Role::Employer, Some(n)) => Some(
            UnitNumber::parse(n)
                .map_err(|v| format!("--employer-unit-number: {}", words(&v)))?
                .as_str()
                .to_string(),
        ),
        (Role::Employer, None) => {
            return Err("an employer agent needs --employer-unit-number".into())
        }
        (_, Some(_)) => return Err("--employer-unit-number is only for --role employer".into()),
        (_, None) => None,
    };
    let citizen_id = match (role, &args.citizen_id) {
        (Role::Resident, Some(id)) => Some(
            CitizenId::parse(id, shebao_core::time::cst_date(now))
                .map_err(|v| format!("--citizen-id: {}", words(&v)))?
                .as_str()
                .to_string(),
        ),
        (Role::Resident, None) => return Err("a resident needs --citizen-id".into()),
        (_, Some(_)) => return Err("--citizen-id is only for --role resident".into()),
        (_, None) => None,
    };
    let password = one_time_password(&username, args.password_stdin)?;
    let password_hash = hash(password.clone()).await?;
    let store = open_store(config).await?;
    let name = username.clone();
    let described = store
        .write(move |tx| -> Result<Result<String, String>, DbError> {
            if accounts::by_username(tx, &name)?.is_some() {
                return Ok(Err(format!("an account named {name:?} already exists")));
            }
            let (employer_id, person_id, what) = match (&unit_number, &citizen_id) {
                (Some(n), _) => match employers::by_unit_number(tx, n)? {
                    Some(e) => (
                        Some(e.id),
                        None,
                        format!("employer agent of {} ({n})", e.name),
                    ),
                    None => return Ok(Err(format!("no employer has the unit number {n}"))),
                },
                (_, Some(id)) => match persons::by_citizen_id(tx, id)? {
                    Some(p) => (None, Some(p.id), format!("resident {}", p.name)),
                    None => return Ok(Err("no person has that citizen ID".to_string())),
                },
                _ => (None, None, "reviewer".to_string()),
            };
            let id = accounts::insert(
                tx,
                &NewAccount {
                    username: &name,
                    password_hash: &password_hash,
                    role,
                    employer_id,
                    person_id,
                },
            )?;
            accounts::set_password(tx, id, &password_hash, true, now)?;
            audit::record(
                tx,
                now,
                &audit::Who::command_line(),
                "account_create",
                &name,
                "ok",
            )?;
            Ok(Ok(what))
        })
        .await
        .map_err(|e| e.to_string())??;
    println!("account {username} created: {described}");
    print_password(&password, "the first login");
    Ok(())
}

/// The id of the account named `username`, or the error to print.
fn account_id(tx: &mut dyn Tx, username: &str) -> Result<Result<AccountId, String>, DbError> {
    Ok(accounts::by_username(tx, username)?
        .map(|a| a.id)
        .ok_or_else(|| format!("no account is named {username:?}")))
}

async fn reset_password(args: PasswordArgs, config: &Config, now: i64) -> Result<(), String> {
    let username = args.username.trim().to_string();
    let password = one_time_password(&username, args.password_stdin)?;
    let password_hash = hash(password.clone()).await?;
    let store = open_store(config).await?;
    let name = username.clone();
    let ended = store
        .write(move |tx| -> Result<Result<u64, String>, DbError> {
            let id = match account_id(tx, &name)? {
                Ok(id) => id,
                Err(e) => return Ok(Err(e)),
            };
            accounts::set_password(tx, id, &password_hash, true, now)?;
            let ended = sessions::remove_all_of(tx, id, None)?;
            audit::record(
                tx,
                now,
                &audit::Who::command_line(),
                "account_reset_password",
                &name,
                "ok",
            )?;
            Ok(Ok(ended))
        })
        .await
        .map_err(|e| e.to_string())??;
    println!("password of {username} reset; {ended} session(s) ended");
    print_password(&password, "the next login");
    Ok(())
}

async fn set_disabled(
    username: &str,
    disabled: bool,
    config: &Config,
    now: i64,
) -> Result<(), String> {
    let store = open_store(config).await?;
    let name = username.trim().to_string();
    let ended = store
        .write(move |tx| -> Result<Result<u64, String>, DbError> {
            let id = match account_id(tx, &name)? {
                Ok(id) => id,
                Err(e) => return Ok(Err(e)),
            };
            accounts::set_disabled(tx, id, disabled)?;
            let ended = if disabled {
                sessions::remove_all_of(tx, id, None)?
            } else {
                0
            };
            let action = if disabled {
                "account_disable"
            } else {
                "account_enable"
            };
            audit::record(tx, now, &audit::Who::command_line(), action, &name, "ok")?;
            Ok(Ok(ended))
        })
        .await
        .map_err(|e| e.to_string())??;
    if disabled {
        println!("account {username} disabled; {ended} session(s) ended");
    } else {
        println!("account {username} enabled");
    }
    Ok(())
}

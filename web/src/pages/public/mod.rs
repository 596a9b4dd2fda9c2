//! Pages anyone can use without logging in.

pub mod home;
pub mod id_check;
pub mod login;
pub mod open;
pub mod password;
pub mod verify;

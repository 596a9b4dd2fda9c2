//! Pages anyone can use without logging in.

pub mod id_check;

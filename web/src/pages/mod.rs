//! Screens, one folder per actor: `public` (anyone), and later `employer`, `resident`
//! and `reviewer`.

pub mod public;

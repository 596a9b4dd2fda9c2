//! Screens, one folder per actor: `public` (anyone), `employer` (单位经办人),
//! `resident` (参保人) and `reviewer` (经办人员).

pub mod employer;
pub mod public;
pub mod resident;
pub mod reviewer;

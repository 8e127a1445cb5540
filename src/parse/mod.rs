//! Reading text, shared by every stage: the loader, the checks, the history
//! and the renderer read front matter, fields, dates, statuses, ids and links
//! with these functions, so that each reading rule is written once and no
//! stage reaches into another's internals for it. YAML itself is parsed
//! behind [`crate::yaml`]; line and column positions come from
//! [`crate::text`].
//!
//! Nothing here imports a stage: the modules depend on the model, the
//! configuration and each other only.

pub mod dates;
pub mod fields;
pub mod front_matter;
pub mod ids;
pub mod lines;
pub mod links;
pub mod markup;
pub mod status;

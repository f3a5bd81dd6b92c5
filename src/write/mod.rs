//! Writers: each turns a [`Document`](crate::model::Document) into one output format.

pub mod front_matter;
pub mod html;
pub mod json;
pub mod markdown;
pub mod sanitize;

//! `kind = "quotes"`: pairing and mixing of quotation marks within a paragraph.

use serde::Deserialize;

use super::{BuildContext, Hit};

/// `[match]` parameters of `kind = "quotes"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuotesSpec {
    /// Regexes whose matches on the hit's line suppress the hit.
    #[serde(default, alias = "unless")]
    pub exceptions: Vec<String>,
}

/// A compiled `quotes` rule.
#[derive(Debug)]
pub(crate) struct QuotesMatcher {}

impl QuotesMatcher {
    /// Template variables this kind fills in, besides `$0` (the hit).
    pub(crate) const VARIABLES: &'static [&'static str] = &["replacement"];

    /// Compiles the parameters.
    pub(crate) fn compile(_spec: QuotesSpec, _cx: &BuildContext<'_>) -> Result<Self, Vec<String>> {
        Ok(Self {})
    }

    pub(crate) fn find_in_document(&self, _text: &str, _out: &mut Vec<Hit>) {}
}

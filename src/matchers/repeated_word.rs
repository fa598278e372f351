//! `kind = "repeated-word"`: a word written twice in a row (`the the`, `arrogant, arrogant`).

use serde::Deserialize;

use super::{BuildContext, Hit};

/// `[match]` parameters of `kind = "repeated-word"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepeatedWordSpec {
    /// Regexes whose matches on the hit's line suppress the hit.
    #[serde(default, alias = "unless")]
    pub exceptions: Vec<String>,
}

/// A compiled `repeated-word` rule.
#[derive(Debug)]
pub(crate) struct RepeatedWordMatcher {}

impl RepeatedWordMatcher {
    /// Template variables this kind fills in, besides `$0` (the hit).
    pub(crate) const VARIABLES: &'static [&'static str] = &["replacement"];

    /// Compiles the parameters.
    pub(crate) fn compile(
        _spec: RepeatedWordSpec,
        _cx: &BuildContext<'_>,
    ) -> Result<Self, Vec<String>> {
        Ok(Self {})
    }

    pub(crate) fn find(&self, _text: &str, _out: &mut Vec<Hit>) {}
}

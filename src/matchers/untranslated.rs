//! `kind = "untranslated"`: source-language words left in the English text.

use serde::Deserialize;

use super::{BuildContext, Hit};

/// `[match]` parameters of `kind = "untranslated"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UntranslatedSpec {
    /// Regexes whose matches on the hit's line suppress the hit.
    #[serde(default, alias = "unless")]
    pub exceptions: Vec<String>,
}

/// A compiled `untranslated` rule.
#[derive(Debug)]
pub(crate) struct UntranslatedMatcher {}

impl UntranslatedMatcher {
    /// Template variables this kind fills in, besides `$0` (the hit).
    pub(crate) const VARIABLES: &'static [&'static str] = &["replacement"];

    /// Compiles the parameters.
    pub(crate) fn compile(
        _spec: UntranslatedSpec,
        _cx: &BuildContext<'_>,
    ) -> Result<Self, Vec<String>> {
        Ok(Self {})
    }

    pub(crate) fn find(&self, _text: &str, _out: &mut Vec<Hit>) {}
}

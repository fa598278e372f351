//! `kind = "consistency"`: one name, date style or spelling variety written two ways in one article.

use serde::Deserialize;

use super::{BuildContext, Hit};

/// `[match]` parameters of `kind = "consistency"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConsistencySpec {
    /// Regexes whose matches on the hit's line suppress the hit.
    #[serde(default, alias = "unless")]
    pub exceptions: Vec<String>,
}

/// A compiled `consistency` rule.
#[derive(Debug)]
pub(crate) struct ConsistencyMatcher {}

impl ConsistencyMatcher {
    /// Template variables this kind fills in, besides `$0` (the hit).
    pub(crate) const VARIABLES: &'static [&'static str] = &["replacement"];

    /// Compiles the parameters.
    pub(crate) fn compile(
        _spec: ConsistencySpec,
        _cx: &BuildContext<'_>,
    ) -> Result<Self, Vec<String>> {
        Ok(Self {})
    }

    pub(crate) fn find_in_document(&self, _text: &str, _out: &mut Vec<Hit>) {}
}

//! Message and replacement templates: `$0`, `$1`, `$name`, `${name}`, and `$$` for a dollar sign.
//!
//! The syntax is the `regex` crate's (`Captures::expand`), parsed once at load so that a name
//! that no capture group defines is a load error, not an empty string at run time.

/// A reference to a capture group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GroupRef {
    Index(usize),
    Name(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Group(GroupRef),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    /// Parses `source`. Never fails: a `$` that starts no reference is kept literally, as the
    /// `regex` crate does.
    pub(crate) fn parse(source: &str) -> Self {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = source;
        while let Some(pos) = rest.find('$') {
            literal.push_str(&rest[..pos]);
            rest = &rest[pos + 1..];
            if let Some(after) = rest.strip_prefix('$') {
                literal.push('$');
                rest = after;
                continue;
            }
            let (name, after) = if let Some(braced) = rest.strip_prefix('{') {
                match braced.find('}') {
                    Some(end) => (&braced[..end], &braced[end + 1..]),
                    None => ("", rest),
                }
            } else {
                let end = rest
                    .char_indices()
                    .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(rest.len(), |(i, _)| i);
                (&rest[..end], &rest[end..])
            };
            if name.is_empty() {
                literal.push('$');
                continue;
            }
            if !literal.is_empty() {
                pieces.push(Piece::Literal(std::mem::take(&mut literal)));
            }
            let group = match name.parse::<usize>() {
                Ok(index) => GroupRef::Index(index),
                Err(_) => GroupRef::Name(name.to_owned()),
            };
            pieces.push(Piece::Group(group));
            rest = after;
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        Self { pieces }
    }

    /// Every group the template refers to.
    pub(crate) fn groups(&self) -> impl Iterator<Item = &GroupRef> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Group(g) => Some(g),
            Piece::Literal(_) => None,
        })
    }

    /// Expands the template, asking `lookup` for each group's text (missing groups expand to "").
    pub(crate) fn expand<'a>(
        &self,
        mut lookup: impl FnMut(&GroupRef) -> Option<&'a str>,
    ) -> String {
        // Measured first, then built at its exact size: a report of a large document holds
        // tens of thousands of messages and suggestions, and a string grown piece by piece
        // keeps up to half its room unused.
        let mut len = 0;
        for piece in &self.pieces {
            len += match piece {
                Piece::Literal(text) => text.len(),
                Piece::Group(group) => lookup(group).map_or(0, str::len),
            };
        }
        let mut out = String::with_capacity(len);
        for piece in &self.pieces {
            match piece {
                Piece::Literal(text) => out.push_str(text),
                Piece::Group(group) => out.push_str(lookup(group).unwrap_or("")),
            }
        }
        out
    }

    /// Expands with the groups of a regex match.
    pub(crate) fn expand_captures(&self, caps: &super::lazy_regex::Captured<'_>) -> String {
        self.expand(|group| match group {
            GroupRef::Index(i) => caps.text(*i),
            GroupRef::Name(n) => caps.name(n),
        })
    }
}

impl std::fmt::Display for GroupRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Index(i) => write!(f, "${i}"),
            Self::Name(n) => write!(f, "${n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_indexes_braces_and_dollars() {
        let t = Template::parse("a $0 ${name}x $punct” $$5 $");
        let groups: Vec<_> = t.groups().cloned().collect();
        assert_eq!(
            groups,
            vec![
                GroupRef::Index(0),
                GroupRef::Name("name".into()),
                GroupRef::Name("punct".into())
            ]
        );
        let out = t.expand(|g| match g {
            GroupRef::Index(0) => Some("ZERO"),
            GroupRef::Name(n) if n == "name" => Some("N"),
            _ => Some("."),
        });
        assert_eq!(out, "a ZERO Nx .” $5 $");
    }

    #[test]
    fn literal_template_has_no_groups() {
        assert_eq!(Template::parse("NATO").groups().count(), 0);
        assert_eq!(Template::parse("$1 ").groups().count(), 1);
    }
}

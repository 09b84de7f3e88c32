//! YAML front matter: the `tags` and `aliases` a note declares at its top.
use crate::diag::Diagnostic;
use serde_yaml_ng::Value;

/// What verideck reads from a note's front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// Tags as written (`ml/optim`), without a leading `#`.
    pub tags: Vec<String>,
    /// Other names the note can be linked by.
    pub aliases: Vec<String>,
}

/// Parses the YAML between the `---` lines (`yaml` excludes them).
/// Invalid YAML gives an error diagnostic at line 1 and an empty result.
pub fn parse(path: &str, yaml: &str) -> (FrontMatter, Option<Diagnostic>) {
    if yaml.trim().is_empty() {
        return (FrontMatter::default(), None);
    }
    let value: Value = match serde_yaml_ng::from_str(yaml) {
        Ok(v) => v,
        Err(_) => {
            return (
                FrontMatter::default(),
                Some(Diagnostic::error(path, 1, "front matter: invalid YAML")),
            );
        }
    };
    let field = |name: &str| -> Vec<String> {
        match value.get(name) {
            Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
            Some(Value::String(s)) => s
                .split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            Some(other) => scalar(other).into_iter().collect(),
            None => Vec::new(),
        }
    };
    let tags = field("tags")
        .into_iter()
        .map(|t| t.trim_start_matches('#').to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let aliases = match value.get("aliases") {
        // Aliases may contain spaces: a string is one alias.
        Some(Value::String(s)) => vec![s.trim().to_string()],
        _ => field("aliases"),
    };
    (FrontMatter { tags, aliases }, None)
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_list_and_string_forms() {
        let (fm, err) = parse("n.md", "tags: [ml/optim, '#exam']\naliases: heavy ball");
        assert!(err.is_none());
        assert_eq!(fm.tags, ["ml/optim", "exam"]);
        assert_eq!(fm.aliases, ["heavy ball"]);
        let (fm, _) = parse("n.md", "tags: a, b\naliases:\n  - x\n  - y z");
        assert_eq!(fm.tags, ["a", "b"]);
        assert_eq!(fm.aliases, ["x", "y z"]);
    }

    #[test]
    fn invalid_yaml_is_reported_and_ignored() {
        let (fm, err) = parse("n.md", "tags: [unclosed");
        assert_eq!(fm, FrontMatter::default());
        assert_eq!(
            err.unwrap().to_string(),
            "n.md:1: front matter: invalid YAML"
        );
    }
}

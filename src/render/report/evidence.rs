//! A claim's evidence in words, for the human report: each field of the
//! checker's evidence object becomes one `label: value` note, with a
//! label a reader understands (`left side`, `difference`, `inputs`) and a
//! value written out (`θ = 0.5, g = 0.1`, `[1, 2]`, `5.03e-9`) — never
//! JSON, never byte offsets. The JSON report keeps the raw object; the
//! lesson pages' footnotes use [`in_words`] through the templates'
//! `evidence_in_words` filter.
use crate::render::words::{number, without_offsets};
use serde_json::{Map, Value};

/// Fields shown first, in this order; the rest follow alphabetically.
const FIRST: [&str; 8] = [
    "expected",
    "got",
    "claimed",
    "run",
    "left",
    "right",
    "counterexample",
    "inputs",
];

/// One `label: value` line per evidence field (the family, `kind`, is left
/// out: the diagnostic's message names it).
pub fn notes(evidence: &Value) -> Vec<String> {
    let Some(map) = evidence.as_object() else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = map.keys().filter(|k| *k != "kind").collect();
    keys.sort_by_key(|k| {
        let rank = FIRST.iter().position(|f| f == k);
        (rank.unwrap_or(FIRST.len()), k.as_str())
    });
    keys.into_iter()
        .map(|key| {
            let v = &map[key.as_str()];
            // A failure's description, not a size of the difference.
            let label = match (key.as_str(), v) {
                ("error", Value::String(_)) => "what failed".to_string(),
                _ => label(key),
            };
            format!("{label}: {}", value(key, v))
        })
        .collect()
}

/// Evidence given as JSON text (as the lesson pages carry it) in words,
/// one `label: value` line per field; text that is not a JSON object is
/// returned as it is.
pub fn in_words(json: &str) -> String {
    match serde_json::from_str::<Value>(json) {
        Ok(value @ Value::Object(_)) => notes(&value).join("\n"),
        _ => json.to_string(),
    }
}

/// The words for an evidence field.
fn label(key: &str) -> String {
    match key {
        "left" => "left side",
        "right" => "right side",
        "error" => "difference",
        "worst_error" => "largest difference",
        "closest_error" => "difference to the closest form",
        "counter" => "at index",
        "index_base" => "index base",
        "refuted_at_line" => "first wrong line",
        "rule_line" => "rule at line",
        "run" => "the rule's run gives",
        "claimed" => "the note says",
        "matched" => "matches",
        "roles" => "roles",
        "symbols" => "drawn at random",
        "states" => "carried states",
        "shapes" => "values drawn as",
        "stated" => "the note states",
        other => return other.replace('_', " "),
    }
    .to_string()
}

/// A field's value in words.
fn value(key: &str, v: &Value) -> String {
    match (key, v) {
        ("inputs" | "symbols" | "roles" | "matched" | "states", Value::Array(items)) => {
            items.iter().map(binding).collect::<Vec<_>>().join(", ")
        }
        ("readings" | "checked", Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| format!("({}) {}", i + 1, phrase(item)))
            .collect::<Vec<_>>()
            .join("; "),
        _ => plain(v),
    }
}

/// `{"symbol": "rho", "value": "0.5"}` → `ρ = 0.5`; `{"symbol", "role"}` →
/// `α as step size`; a string `rho = 0.5` → `ρ = 0.5`.
fn binding(item: &Value) -> String {
    match item {
        Value::Object(map) => {
            let symbol = map.get("symbol").map(plain).unwrap_or_default();
            if let Some(value) = map.get("value") {
                format!("{} = {}", symbol_name(&symbol), plain(value))
            } else if let Some(role) = map.get("role") {
                format!("{} as {}", symbol_name(&symbol), plain(role))
            } else {
                phrase(item)
            }
        }
        Value::String(s) => match s.split_once(" = ") {
            Some((symbol, value)) => format!("{} = {value}", symbol_name(symbol)),
            None => symbol_name(s),
        },
        other => plain(other),
    }
}

/// An object as `label value, label value`, for nested evidence.
fn phrase(v: &Value) -> String {
    match v {
        Value::Object(map) => fields(map),
        other => plain(other),
    }
}

fn fields(map: &Map<String, Value>) -> String {
    map.iter()
        .filter(|(k, _)| *k != "kind")
        .map(|(k, v)| format!("{} {}", label(k), value(k, v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A scalar, list or object written out.
fn plain(v: &Value) -> String {
    match v {
        Value::Null => "none".to_string(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), number),
        Value::String(s) => without_offsets(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(plain).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => fields(map),
    }
}

/// Greek letters spelt out by the checker (`rho_2`) as a reader writes
/// them (`ρ_2`).
fn symbol_name(symbol: &str) -> String {
    const GREEK: [(&str, &str); 24] = [
        ("alpha", "α"),
        ("beta", "β"),
        ("gamma", "γ"),
        ("delta", "δ"),
        ("epsilon", "ε"),
        ("varepsilon", "ε"),
        ("zeta", "ζ"),
        ("eta", "η"),
        ("theta", "θ"),
        ("vartheta", "θ"),
        ("iota", "ι"),
        ("kappa", "κ"),
        ("lambda", "λ"),
        ("mu", "μ"),
        ("nu", "ν"),
        ("xi", "ξ"),
        ("pi", "π"),
        ("rho", "ρ"),
        ("sigma", "σ"),
        ("tau", "τ"),
        ("phi", "φ"),
        ("chi", "χ"),
        ("psi", "ψ"),
        ("omega", "ω"),
    ];
    let bare = symbol.trim_start_matches('\\');
    let end = bare
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(bare.len());
    let (name, rest) = bare.split_at(end);
    match GREEK.iter().find(|(spelt, _)| *spelt == name) {
        Some((_, letter)) => format!("{letter}{rest}"),
        None => symbol.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inputs_read_as_assignments_and_nothing_is_json() {
        let evidence = json!({
            "kind": "identity", "test": "random trial", "trial": 1,
            "inputs": [{"symbol": "theta", "value": "0.5"}, {"symbol": "g", "value": "0.1"}],
            "left": "1.316054", "right": "1.316863",
            "error": 0.0006143943473204545, "tolerance": 1e-9,
        });
        assert_eq!(
            notes(&evidence),
            [
                "left side: 1.316054",
                "right side: 1.316863",
                "inputs: θ = 0.5, g = 0.1",
                "difference: 6.14e-4",
                "test: random trial",
                "tolerance: 1e-9",
                "trial: 1",
            ]
        );
    }

    #[test]
    fn nested_and_listed_fields_are_written_out() {
        let evidence = json!({
            "roles": [{"symbol": "alpha", "role": "step size"}, {"symbol": "rho_2", "role": "decay"}],
            "matched": ["adam", "adagrad"],
            "readings": [{"left": "1", "right": "2"}, {"counterexample": "k = 3"}],
            "error": "non-finite result at byte 62",
            "inputs": ["w_1 = 0.5", "lambda = 2"],
        });
        let shown = notes(&evidence).join("\n");
        assert_eq!(
            shown,
            "inputs: w_1 = 0.5, λ = 2\n\
             what failed: non-finite result\n\
             matches: adam, adagrad\n\
             readings: (1) left side 1, right side 2; (2) counterexample k = 3\n\
             roles: α as step size, ρ_2 as decay"
        );
        for json_mark in ['{', '"', ':'] {
            let values: String = notes(&evidence)
                .iter()
                .map(|n| n.split_once(": ").unwrap().1.to_string())
                .collect();
            assert!(!values.contains(json_mark), "{values}");
        }
    }

    #[test]
    fn json_text_is_read_and_other_text_kept() {
        assert_eq!(
            in_words(r#"{"kind": "arithmetic", "left": "4", "right": "5", "error": 1.0}"#),
            "left side: 4\nright side: 5\ndifference: 1"
        );
        assert_eq!(in_words("plain words"), "plain words");
    }

    #[test]
    fn symbols_keep_latin_names() {
        assert_eq!(symbol_name("eta"), "η");
        assert_eq!(symbol_name("\\epsilon"), "ε");
        assert_eq!(symbol_name("beta2"), "β2");
        assert_eq!(symbol_name("g"), "g");
        assert_eq!(symbol_name("etaX"), "etaX");
        assert_eq!(symbol_name("meta"), "meta");
    }
}

//! The JSON columns of the legacy `col` row: `conf` (collection settings),
//! `decks` and `dconf` (deck options). `models` comes from
//! [`super::models`]. Only what Anki needs to read the package is set; the
//! values are Anki's defaults, so importing changes none of the user's
//! settings (Anki keeps its own deck options group 1 and matches decks by
//! name).
use super::ids::{DEFAULT_DECK_ID, deck_id};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// `col.conf`: `cur_model` is the note type the "Add" dialog preselects,
/// `next_pos` the next new-card position.
pub fn conf(cur_model: i64, next_pos: usize) -> Value {
    json!({
        "activeDecks": [DEFAULT_DECK_ID],
        "curDeck": DEFAULT_DECK_ID,
        "curModel": cur_model.to_string(),
        "nextPos": next_pos,
        "newSpread": 0,
        "collapseTime": 1200,
        "timeLim": 0,
        "estTimes": true,
        "dueCounts": true,
        "sortType": "noteFld",
        "sortBackwards": false,
        "addToCur": true,
        "schedVer": 2,
    })
}

/// Every deck in `names` and every `::` parent of one, plus `Default`.
pub fn deck_names<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut all = BTreeSet::from(["Default".to_string()]);
    for name in names {
        let parts: Vec<&str> = name.split("::").collect();
        for k in 1..=parts.len() {
            all.insert(parts[..k].join("::"));
        }
    }
    all
}

/// `col.decks`: one normal deck per name, keyed by its id.
pub fn decks(names: &BTreeSet<String>, mtime: i64) -> Value {
    let mut map = Map::new();
    for name in names {
        let id = deck_id(name);
        map.insert(
            id.to_string(),
            json!({
                "id": id,
                "name": name,
                "mod": mtime,
                "usn": -1,
                "desc": "",
                "dyn": 0,
                "conf": 1,
                "collapsed": false,
                "browserCollapsed": false,
                "extendNew": 0,
                "extendRev": 0,
                "newToday": [0, 0],
                "revToday": [0, 0],
                "lrnToday": [0, 0],
                "timeToday": [0, 0],
            }),
        );
    }
    Value::Object(map)
}

/// `col.dconf`: Anki's default options group 1, which every deck uses.
pub fn dconf() -> Value {
    json!({
        "1": {
            "id": 1,
            "name": "Default",
            "mod": 0,
            "usn": 0,
            "dyn": false,
            "maxTaken": 60,
            "autoplay": true,
            "timer": 0,
            "replayq": true,
            "new": {
                "bury": false,
                "delays": [1.0, 10.0],
                "initialFactor": 2500,
                "ints": [1, 4, 0],
                "order": 1,
                "perDay": 20,
            },
            "rev": {
                "bury": false,
                "ease4": 1.3,
                "ivlFct": 1.0,
                "maxIvl": 36500,
                "perDay": 200,
                "hardFactor": 1.2,
            },
            "lapse": {
                "delays": [10.0],
                "leechAction": 1,
                "leechFails": 8,
                "minInt": 1,
                "mult": 0.0,
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_and_default_are_included() {
        let names = deck_names(["ML::Optim::Adam", "Math"]);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            names,
            ["Default", "ML", "ML::Optim", "ML::Optim::Adam", "Math"]
        );
    }

    #[test]
    fn decks_are_keyed_by_their_id() {
        let decks = decks(&deck_names(["A::B"]), 7);
        assert_eq!(decks["1"]["name"], "Default");
        let id = deck_id("A::B");
        assert_eq!(decks[id.to_string()]["name"], "A::B");
        assert_eq!(decks[id.to_string()]["id"], id);
    }
}

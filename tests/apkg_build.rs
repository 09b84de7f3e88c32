//! `verideck build` writes `deck.apkg`: opened here as Anki would (zip, then
//! the SQLite collection), it must hold exactly deck.txt's notes, with
//! verideck's note types, the right cards and media, stable ids, and note
//! times from the source files.
mod common;
use common::{TempVault, rows};
use rusqlite::Connection;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

const OPTIM: &str = "TARGET DECK: ML::Optim\n\
START\nBasic\nWhat is $\\beta$?\nBack: decay\nTags: ml\n<!--ID: 11-->\nEND\n\
START\nBasic (and reversed card)\nSGD\nBack: step $-\\eta g$\n<!--ID: 12-->\nEND\n\
START\nBasic (optional reversed card)\nA\nBack: B\nAdd Reverse: y\nEND\n\
START\nBasic (optional reversed card)\nC\nBack: D\nEND\n";
const MATH: &str = "START\nBasic (type in the answer)\n2+2?\nBack: 4\nEND\n\
START\nCloze\n{{c1::$\\frac{1}{x^{2}}$}} and {{c3::b::hint}} and {{c1::c}}\nBack Extra: ![[img/curve.png]]\nEND\n";

/// One note of the package, with its note type's name and its cards' decks.
#[derive(Debug)]
struct Note {
    id: i64,
    note_type: String,
    fields: Vec<String>,
    tags: Vec<String>,
    mtime: i64,
    card_ords: Vec<i64>,
    decks: Vec<String>,
}

/// The package's notes by GUID, the `col` JSON columns and the media map.
struct Package {
    notes: BTreeMap<String, Note>,
    models: Value,
    media: Value,
    zip_entries: Vec<String>,
    files: BTreeMap<String, Vec<u8>>,
}

fn open(path: &Path) -> Package {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    let mut zip_entries = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let name = entry.name().unwrap().to_string();
        zip_entries.push(name.clone());
        files.insert(name, bytes);
    }
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("collection.anki2");
    std::fs::write(&db_path, &files["collection.anki2"]).unwrap();
    let db = Connection::open(&db_path).unwrap();
    let json = |column: &str| -> Value {
        let text: String = db
            .query_row(&format!("SELECT {column} FROM col"), [], |r| r.get(0))
            .unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let (models, decks) = (json("models"), json("decks"));
    let mut notes = BTreeMap::new();
    let mut stmt = db
        .prepare("SELECT id, guid, mid, flds, tags, mod FROM notes")
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let id: i64 = row.get(0).unwrap();
        let mid: i64 = row.get(2).unwrap();
        let flds: String = row.get(3).unwrap();
        let tags: String = row.get(4).unwrap();
        let mut cards = db
            .prepare("SELECT ord, did FROM cards WHERE nid = ? ORDER BY ord")
            .unwrap();
        let cards: Vec<(i64, i64)> = cards
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let note = Note {
            id,
            note_type: models[mid.to_string()]["name"].as_str().unwrap().into(),
            fields: flds.split('\x1f').map(String::from).collect(),
            tags: tags.split_whitespace().map(String::from).collect(),
            mtime: row.get(5).unwrap(),
            card_ords: cards.iter().map(|c| c.0).collect(),
            decks: cards
                .iter()
                .map(|c| decks[c.1.to_string()]["name"].as_str().unwrap().into())
                .collect(),
        };
        notes.insert(row.get(1).unwrap(), note);
    }
    let media = serde_json::from_slice(&files["media"]).unwrap();
    Package {
        notes,
        models,
        media,
        zip_entries,
        files,
    }
}

fn set_mtime(path: &Path, secs: u64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(UNIX_EPOCH + Duration::from_secs(secs))
        .unwrap();
}

fn vault() -> TempVault {
    let v = TempVault::new(&[
        ("optim.md", OPTIM.as_bytes()),
        ("sub/math.md", MATH.as_bytes()),
        ("img/curve.png", b"\x89PNG"),
    ]);
    set_mtime(&v.vault().join("optim.md"), 1_700_000_000);
    set_mtime(&v.vault().join("sub/math.md"), 1_700_000_500);
    v
}

#[test]
fn package_holds_exactly_the_notes_of_deck_txt() {
    let v = vault();
    v.build().success();
    let package = open(&v.out().join("deck.apkg"));
    let rows = rows(&v.deck());
    assert_eq!(rows.len(), 6);
    assert_eq!(package.notes.len(), rows.len());
    for row in &rows {
        let note = &package.notes[&row[0]];
        assert_eq!(note.note_type, format!("verideck {}", row[1]), "{}", row[0]);
        let n = note.fields.len();
        assert_eq!(note.fields, row[4..4 + n], "{}", row[0]);
        assert!(row[4 + n..].iter().all(String::is_empty));
        assert_eq!(note.tags.join(" "), row[3]);
        assert!(note.decks.iter().all(|d| *d == row[2]), "{}", row[0]);
    }
    let ords = |guid: &str| package.notes[guid].card_ords.clone();
    assert_eq!(ords("o2a-11"), [0]);
    assert_eq!(ords("o2a-12"), [0, 1]);
    let by_front = |front: &str| {
        package
            .notes
            .values()
            .find(|n| n.fields[0] == front || n.fields[0].contains("{{c3::") && front == "cloze")
            .unwrap()
    };
    assert_eq!(by_front("A").card_ords, [0, 1], "Add Reverse set");
    assert_eq!(by_front("C").card_ords, [0], "Add Reverse empty");
    assert_eq!(by_front("2+2?").card_ords, [0]);
    assert_eq!(by_front("cloze").card_ords, [0, 2], "c1 and c3");
    assert_eq!(by_front("cloze").decks, ["Default", "Default"]);
    // The note types are all five, whatever the notes use, with stock fields.
    let mut names: Vec<&str> = package
        .models
        .as_object()
        .unwrap()
        .values()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 5);
    assert!(names.iter().all(|n| n.starts_with("verideck ")));
    // Media: the map names the file, stored under its number.
    assert_eq!(package.media, serde_json::json!({"0": "curve.png"}));
    assert_eq!(package.files["0"], b"\x89PNG");
    assert_eq!(package.zip_entries, ["collection.anki2", "media", "0"]);
}

#[test]
fn note_times_come_from_the_source_files_and_ids_are_stable() {
    let v = vault();
    v.build().success();
    let apkg = v.out().join("deck.apkg");
    let first_bytes = std::fs::read(&apkg).unwrap();
    let first = open(&apkg);
    for note in first.notes.values() {
        let want = if note.note_type.contains("Basic (type") || note.note_type.ends_with("Cloze") {
            1_700_000_500
        } else {
            1_700_000_000
        };
        assert_eq!(note.mtime, want, "{note:?}");
    }
    // Same vault, same file times: the same bytes.
    v.build().success();
    assert_eq!(std::fs::read(&apkg).unwrap(), first_bytes);
    // Edit a Back: that file's notes become newer, every id stays.
    let path = v.vault().join("optim.md");
    std::fs::write(&path, OPTIM.replace("Back: decay", "Back: decay rate")).unwrap();
    set_mtime(&path, 1_700_000_900);
    v.build().success();
    let second = open(&apkg);
    assert_eq!(second.models, first.models);
    for (guid, old) in &first.notes {
        let new = &second.notes[guid];
        assert_eq!(new.id, old.id, "{guid}");
        let want = if old.mtime == 1_700_000_000 {
            1_700_000_900
        } else {
            old.mtime
        };
        assert_eq!(new.mtime, want, "{guid}");
    }
    // The Back is the edited text, then the verification footer.
    let back = &second.notes["o2a-11"].fields[1];
    let text = back
        .split_once("\n<div class=\"verideck\">")
        .map(|(b, _)| b);
    assert_eq!(text, Some("decay rate"), "{back}");
}

//! The SQLite collection inside the package, `collection.anki2`, in Anki's
//! legacy schema 11 (the tables `col`, `notes`, `cards`, `revlog`,
//! `graves`; note types, decks and options as JSON in the one `col` row).
//! Anki upgrades it on import; every Anki since 2.1 and AnkiDroid read it.
//!
//! Built in memory with the bundled SQLite and serialized, with no clock:
//! ids come from [`super::ids`], a note's `mod` from its source file's mtime
//! (the caller's [`NoteTimes`]), the rest is fixed. Cards are new, in deck
//! order (`due` = position).
use super::card_ords::card_ords;
use super::ids::{Unique, deck_id, derive};
use super::models::{self, NOTE_TYPES_MTIME};
use super::sort_field::{checksum, strip_html};
use super::{NoteTimes, col_json};
use crate::deck::Card;
use crate::note::NoteType;
use rusqlite::{Connection, params};

/// Creation day of the collection (seconds): fixed, no clock.
const CREATED: i64 = 1_600_000_000;

const SCHEMA: &str = "
CREATE TABLE col (
    id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
    scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL,
    usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
    models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL
);
CREATE TABLE notes (
    id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
    mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL,
    flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
    flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
    id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
    ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL,
    type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
    ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
    lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
    odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
    id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
    ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL,
    factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

/// The bytes of `collection.anki2` holding `cards` (in deck order).
pub fn collection(cards: &[Card], times: &NoteTimes) -> rusqlite::Result<Vec<u8>> {
    let mut db = Connection::open_in_memory()?;
    db.execute_batch(SCHEMA)?;
    let newest = cards
        .iter()
        .map(|c| times.mtime(&c.path))
        .fold(NOTE_TYPES_MTIME, i64::max);
    insert_col(&db, cards, newest)?;
    let tx = db.transaction()?;
    {
        let mut note_stmt =
            tx.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")?;
        let mut card_stmt = tx.prepare(
            "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, 0, 0, ?6, 0, 0, 0, 0, 0, 0, 0, 0, '')",
        )?;
        let mut note_ids = Unique::default();
        let mut card_ids = Unique::default();
        for (position, card) in cards.iter().enumerate() {
            let fields = fields(card);
            let nid = note_ids.claim(derive("note", &card.guid));
            let mtime = times.mtime(&card.path);
            let sort_field = strip_html(&fields[0]);
            note_stmt.execute(params![
                nid,
                card.guid,
                models::model(card.note_type).id,
                mtime,
                legacy_tags(&card.tags),
                fields.join("\x1f"),
                sort_field,
                checksum(&sort_field),
            ])?;
            for ord in card_ords(card.note_type, &fields) {
                let cid = card_ids.claim(derive("card", &format!("{}\0{ord}", card.guid)));
                card_stmt.execute(params![
                    cid,
                    nid,
                    deck_id(&card.deck),
                    ord,
                    mtime,
                    position as i64 + 1
                ])?;
            }
        }
    }
    tx.commit()?;
    Ok(db.serialize("main")?.to_vec())
}

fn insert_col(db: &Connection, cards: &[Card], mtime: i64) -> rusqlite::Result<()> {
    let models: serde_json::Map<String, serde_json::Value> = models::all()
        .iter()
        .map(|m| (m.id.to_string(), m.to_json(super::ids::DEFAULT_DECK_ID)))
        .collect();
    let decks = col_json::decks(
        &col_json::deck_names(cards.iter().map(|c| c.deck.as_str())),
        mtime,
    );
    let conf = col_json::conf(models::model(NoteType::Basic).id, cards.len() + 1);
    db.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?3, 11, 0, 0, 0, ?4, ?5, ?6, ?7, '{}')",
        params![
            CREATED,
            mtime * 1000,
            CREATED * 1000,
            conf.to_string(),
            serde_json::Value::Object(models).to_string(),
            decks.to_string(),
            col_json::dconf().to_string(),
        ],
    )?;
    Ok(())
}

/// The note's fields, exactly as many as its type has.
fn fields(card: &Card) -> Vec<String> {
    (0..card.note_type.field_names().len())
        .map(|i| card.fields.get(i).cloned().unwrap_or_default())
        .collect()
}

/// Tags as the legacy `notes.tags` column holds them: ` a b ` (or empty).
fn legacy_tags(tags: &[String]) -> String {
    if tags.is_empty() {
        String::new()
    } else {
        format!(" {} ", tags.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(guid: &str, note_type: NoteType, deck: &str, fields: &[&str]) -> Card {
        Card {
            guid: guid.into(),
            note_type,
            deck: deck.into(),
            tags: vec!["ml".into(), "verideck".into()],
            fields: fields.iter().map(|s| s.to_string()).collect(),
            path: "a.md".into(),
            line: 1,
            end_line: 1,
            formulas: Vec::new(),
        }
    }

    fn open(bytes: &[u8]) -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("collection.anki2");
        std::fs::write(&path, bytes).unwrap();
        let db = Connection::open(&path).unwrap();
        (dir, db)
    }

    #[test]
    fn notes_and_cards_are_written() {
        let cards = [
            card("o2a-1", NoteType::Basic, "ML::Optim", &["<b>Q</b>", "A"]),
            card("o2a-2", NoteType::BasicAndReversed, "ML", &["Q2", "A2"]),
            card(
                "vd-1",
                NoteType::Cloze,
                "Default",
                &["{{c1::x}} {{c2::y}}", ""],
            ),
        ];
        let times = NoteTimes::from([("a.md".to_string(), 1_700_000_123)]);
        let bytes = collection(&cards, &times).unwrap();
        assert_eq!(bytes, collection(&cards, &times).unwrap(), "deterministic");
        let (_dir, db) = open(&bytes);
        let (guid, mid, mtime, tags, flds, sfld, csum): (
            String,
            i64,
            i64,
            String,
            String,
            String,
            i64,
        ) = db
            .query_row(
                "SELECT guid, mid, mod, tags, flds, sfld, csum FROM notes ORDER BY guid LIMIT 1",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(guid, "o2a-1");
        assert_eq!(mid, models::model(NoteType::Basic).id);
        assert_eq!(mtime, 1_700_000_123);
        assert_eq!(tags, " ml verideck ");
        assert_eq!(flds, "<b>Q</b>\x1fA");
        assert_eq!(sfld, "Q");
        assert_eq!(csum, checksum("Q"));
        let count = |sql: &str| db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(count("SELECT count(*) FROM notes"), 3);
        assert_eq!(count("SELECT count(*) FROM cards"), 5);
        assert_eq!(count("SELECT count(*) FROM cards WHERE did = 1"), 2);
        assert_eq!(count("SELECT ver FROM col"), 11);
        let decks: String = db
            .query_row("SELECT decks FROM col", [], |r| r.get(0))
            .unwrap();
        let decks: serde_json::Value = serde_json::from_str(&decks).unwrap();
        assert_eq!(
            decks.as_object().unwrap().len(),
            3,
            "Default, ML, ML::Optim"
        );
    }
}

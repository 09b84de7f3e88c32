#!/usr/bin/env python3
"""Real-Anki import check for verideck's `deck.txt` and `deck.apkg` (FORMATS.md §3 and §4).

    python check_import.py --binary target/release/verideck --vault notes [--workdir DIR]

1. Runs `verideck build VAULT --out WORKDIR/out1` and parses `out1/deck.txt` with Python's
   csv module: the 8 header lines must be exactly FORMATS.md §3.1's, every row has 7 columns
   and is written exactly as the csv crate writes it (a field is quoted iff it holds a tab,
   `"`, CR, LF or `#`), guids are `o2a-<ID>` or `vd-<16 hex>` and distinct.
2. Scans the vault itself, independently of verideck: every `START` ... `END` block (and
   `STARTI ... ENDI` line) outside fenced code and front matter, minus blocks marked
   `DELETE`. deck.txt must have one row per block, the same note types, and `o2a-ID` for
   every block ID.
3. Imports deck.txt into a fresh collection with Anki's own backend importer
   (`Collection.get_csv_metadata` + `Collection.import_csv`, what Anki's import dialog runs),
   passing the metadata Anki read from the file's `#` header lines unchanged, and checks
   every note: note type, deck of every card, tags, fields, card count, math delimiters;
   and that no note type was created.
4. Copies the vault, appends a sentence to the Back of one block with an ID, builds `out2`,
   re-imports it into the same collection and checks the note was updated in place (same
   note id, same note count, new Back) and nothing else changed.
5. The same for `deck.apkg` (FORMATS.md §3.4), in a second fresh collection, with Anki's
   own package importer (`Collection.import_anki_package`) and the options Anki's import
   dialog preselects (`get_import_anki_package_presets`: update notes and note types "if
   newer", no merging, no scheduling): out1/deck.apkg must give exactly deck.txt's notes
   (GUIDs, fields, tags, decks, card counts) under the note types "verideck <stock name>"
   with the stock fields, and the package's own `mod`, `csum` and `sfld` must equal what
   Anki stores. Then out2/deck.apkg (the build after the Back edit) must update that note
   in place: no new note, no conflict, no new note type, same note and card ids. Anki
   updates a note only when the package's note `mod` is newer than its own; verideck's is
   the source file's mtime, so every note of the edited file is updated (to the same
   content but the edited one) and every other note is left alone.

Comparison of Anki's stored values with deck.txt is exact, except for two documented
normalisations that Anki applies on purpose and that deck.txt cannot control:
  * fields, tags and deck names are compared after Unicode NFC: Anki normalises note text to
    NFC on import (collection option "normalize_note_text", on by default);
  * tags may differ in letter case only where deck.txt itself spells the same tag (or a `::`
    parent of it) differently on another row: Anki's tags are case-insensitive and it keeps
    the spelling it met first. Such cases are listed as warnings. Deck names are compared
    exactly: Anki's CSV importer does not fold a deck's case, it makes a new deck `Name+`.
Anki 26.9.3 stores HTML fields byte for byte otherwise (no tag rewriting, no sanitising).

Hidden developer mode, for checking the checker without a verideck binary:
    python check_import.py --deck-only DECK.txt [--deck-update DECK2.txt]
imports DECK.txt (steps 1 and 3 only) and, with --deck-update, re-imports DECK2.txt into the
same collection and checks that every changed row was updated in place.

Prints a summary and `anki-import: N passed, 0 failed`; on the first failed check prints
`FAIL: ...` and exits 1 (2 for bad usage).
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# FORMATS.md §3.1, in this order.
HEADER = [
    "#separator:tab",
    "#html:true",
    "#guid column:1",
    "#notetype column:2",
    "#deck column:3",
    "#tags column:4",
    "#if matches:update current",
    "#columns:guid\tnotetype\tdeck\ttags\tfield1\tfield2\tfield3",
]
COLUMN_LABELS = ["guid", "notetype", "deck", "tags", "field1", "field2", "field3"]

# FORMATS.md §1.4: stock note type -> its fields.
NOTE_TYPES = {
    "Basic": ["Front", "Back"],
    "Basic (and reversed card)": ["Front", "Back"],
    "Basic (optional reversed card)": ["Front", "Back", "Add Reverse"],
    "Basic (type in the answer)": ["Front", "Back"],
    "Cloze": ["Text", "Back Extra"],
}
BACK_TYPES = [t for t, f in NOTE_TYPES.items() if f[1] == "Back"]
GUID_RE = re.compile(r"(o2a-[1-9][0-9]*|o2a-0|vd-[0-9a-f]{16})\Z")
MATH_TOKENS = ("\\(", "\\)", "\\[", "\\]")
EDIT_SENTENCE = "Edited for the verideck Anki re-import check."


class CheckFailed(Exception):
    pass


class Checks:
    """Counts passed checks; the first failure raises."""

    def __init__(self) -> None:
        self.passed = 0
        self.warnings: list[str] = []

    def ok(self, cond: bool, msg: str) -> None:
        if not cond:
            raise CheckFailed(msg)
        self.passed += 1

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# ---------------------------------------------------------------------------
# deck.txt


@dataclass
class Row:
    line: int  # line of deck.txt where the row starts
    guid: str
    notetype: str
    deck: str
    tags: list[str]
    fields: list[str]  # always 3


def quote_field(f: str) -> str:
    """How the csv crate (QuoteStyle::Necessary, comment b'#') writes a field."""
    if re.search('[\t"\r\n#]', f):
        return '"' + f.replace('"', '""') + '"'
    return f


def parse_deck(path: Path, c: Checks) -> list[Row]:
    raw = path.read_bytes()
    c.ok(not raw.startswith(b"\xef\xbb\xbf"), f"{path}: starts with a BOM (FORMATS.md §3.1: no BOM)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CheckFailed(f"{path}: not UTF-8 ({e})") from None
    c.ok("\r" not in text, f"{path}: contains CR; FORMATS.md §3.1 says LF line ends")
    c.ok(text.endswith("\n"), f"{path}: does not end with a newline")
    lines = text.split("\n")
    for i, want in enumerate(HEADER):
        got = lines[i] if i < len(lines) else "<missing>"
        c.ok(got == want, f"{path}:{i + 1}: header line is {got!r}, FORMATS.md §3.1 wants {want!r}")
    body_start = sum(len(h) + 1 for h in HEADER)
    body = text[body_start:]
    c.ok(not body.startswith("#"), f"{path}:{len(HEADER) + 1}: extra header/comment line after the 8 header lines")

    reader = csv.reader(io.StringIO(body, newline=""), delimiter="\t", quotechar='"',
                        doublequote=True, strict=True, lineterminator="\n")
    rows: list[Row] = []
    line = len(HEADER) + 1
    try:
        for rec in reader:
            c.ok(len(rec) == 7, f"{path}:{line}: row has {len(rec)} columns, FORMATS.md §3.1 wants 7: {rec[:2]!r}")
            guid, notetype, deck, tags, *fields = rec
            rows.append(Row(line, guid, notetype, deck, tags.split(), fields))
            line = len(HEADER) + 1 + reader.line_num
    except csv.Error as e:
        raise CheckFailed(f"{path}:{line}: csv parse error: {e}") from None

    # Byte-exact re-serialisation: catches unquoted tab/"/#/LF, CRLF, stray spaces.
    pos, line = 0, len(HEADER) + 1
    for r in rows:
        want = "\t".join(quote_field(f) for f in [r.guid, r.notetype, r.deck, " ".join(r.tags), *r.fields]) + "\n"
        got = body[pos:pos + len(want)]
        if got != want:
            raise CheckFailed(
                f"{path}:{r.line}: row is not written as FORMATS.md §3.1 says (quote a field iff it has tab, "
                f'", LF or #; tags joined by one space)\n  got:  {got[:200]!r}\n  want: {want[:200]!r}')
        pos += len(want)
    c.ok(pos == len(body), f"{path}: trailing bytes after the last row: {body[pos:pos + 80]!r}")

    seen: dict[str, int] = {}
    for r in rows:
        where = f"{path}:{r.line} ({r.guid})"
        c.ok(bool(GUID_RE.match(r.guid)), f"{where}: guid {r.guid!r} is neither o2a-<ID> nor vd-<16 hex>")
        c.ok(r.guid not in seen, f"{where}: guid repeats the row at line {seen.get(r.guid)}")
        seen[r.guid] = r.line
        c.ok(r.notetype in NOTE_TYPES, f"{where}: note type {r.notetype!r} is not a stock English one")
        c.ok(r.deck != "" and r.deck == r.deck.strip(), f"{where}: bad deck name {r.deck!r}")
        c.ok(r.fields[0].strip() != "", f"{where}: empty first field")
        n = len(NOTE_TYPES[r.notetype])
        for i in range(n, 3):
            c.ok(r.fields[i] == "", f"{where}: unused column {5 + i} of a {r.notetype} row is not empty")
    return rows


# ---------------------------------------------------------------------------
# The vault, scanned independently of verideck


@dataclass
class Block:
    path: str  # vault-relative, '/'
    line: int  # START line, from 1
    notetype: str
    ids: list[str] = field(default_factory=list)
    deleted: bool = False
    back_line: int | None = None  # 0-based index of the first `Back:` line


@dataclass
class VaultScan:
    blocks: list[Block]
    inline_types: list[str]

    def exported(self) -> list[Block]:
        return [b for b in self.blocks if not b.deleted]


FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
ID_RE = re.compile(r"^(?:<!--)?ID:\s*([0-9]+)\s*(?:-->)?$")
INLINE_RE = re.compile(r"STARTI\s*\[([^\]]+)\].*?ENDI")


def md_files(vault: Path) -> list[tuple[str, Path]]:
    """FORMATS.md §1.1: `.md` in any case; skip names starting with `.` and `*.excalidraw.md`;
    follow symlinks only inside the vault."""
    root = vault.resolve()
    out = []
    for dirpath, dirnames, filenames in os.walk(vault, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and Path(dirpath, d).resolve().is_relative_to(root))
        for name in filenames:
            low = name.lower()
            if name.startswith(".") or not low.endswith(".md") or low.endswith(".excalidraw.md"):
                continue
            p = Path(dirpath, name)
            if not p.resolve().is_relative_to(root):
                continue
            rel = unicodedata.normalize("NFC", p.relative_to(vault).as_posix())
            out.append((rel, p))
    out.sort(key=lambda t: t[0].encode())
    return out


def file_lines(p: Path) -> tuple[list[str], str]:
    """The file's lines (LF-split, BOM dropped) and its line ending."""
    text = p.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    eol = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), eol


def scan_vault(vault: Path, c: Checks) -> VaultScan:
    blocks: list[Block] = []
    inline: list[str] = []
    for rel, p in md_files(vault):
        lines, _ = file_lines(p)
        # FORMATS.md §1.2: %%…%% comments are dropped first (keep their newlines: line numbers
        # are used to edit the file).
        lines = re.sub(r"%%.*?%%", lambda m: "\n" * m.group(0).count("\n"), "\n".join(lines), flags=re.S).split("\n")
        i = 0
        if lines and lines[0].rstrip() == "---":  # front matter
            for j in range(1, len(lines)):
                if lines[j].rstrip() in ("---", "..."):
                    i = j + 1
                    break
        fence: tuple[str, int] | None = None
        cur: Block | None = None
        while i < len(lines):
            raw = lines[i]
            s = raw.rstrip()
            m = FENCE_RE.match(raw)
            if fence is not None:
                if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1] and not m.group(2).strip():
                    fence = None
            elif m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                fence = (m.group(1)[0], len(m.group(1)))
            elif cur is None:
                if s == "START":
                    nxt = lines[i + 1].rstrip() if i + 1 < len(lines) else ""
                    cur = Block(rel, i + 1, nxt)
                else:
                    inline.extend(t.strip() for t in INLINE_RE.findall(re.sub(r"`[^`]*`", "", raw)))
            else:
                if s == "END":
                    blocks.append(cur)
                    cur = None
                elif s == "START":
                    raise CheckFailed(f"vault {rel}:{i + 1}: START inside the block from line {cur.line}; "
                                      "the sample vault should have no broken blocks")
                elif s == "DELETE":
                    cur.deleted = True
                elif ID_RE.match(s.strip()):
                    cur.ids.append(str(int(ID_RE.match(s.strip()).group(1))))
                elif s.startswith("Back:") and cur.back_line is None:
                    cur.back_line = i
            i += 1
        c.ok(cur is None, f"vault {rel}:{cur.line if cur else 0}: START without END")
    return VaultScan(blocks, inline)


def check_deck_against_vault(rows: list[Row], scan: VaultScan, c: Checks) -> None:
    blocks = scan.exported()
    n_blocks = len(blocks) + len(scan.inline_types)
    c.ok(len(rows) == n_blocks,
         f"deck.txt has {len(rows)} rows but the vault has {n_blocks} Anki blocks "
         f"({len(blocks)} START…END without DELETE, {len(scan.inline_types)} STARTI…ENDI)")
    want_types = Counter(b.notetype for b in blocks) + Counter(scan.inline_types)
    got_types = Counter(r.notetype for r in rows)
    c.ok(want_types == got_types, f"note types in deck.txt {dict(got_types)} differ from the vault's blocks {dict(want_types)}")
    guids = {r.guid for r in rows}
    for b in blocks:
        c.ok(len(b.ids) <= 1, f"vault {b.path}:{b.line}: block has {len(b.ids)} ID lines")
        if b.ids:
            c.ok(f"o2a-{b.ids[0]}" in guids, f"vault {b.path}:{b.line}: block with ID {b.ids[0]} has no row with guid o2a-{b.ids[0]}")
    n_ids = sum(1 for b in blocks if b.ids)
    n_o2a = sum(1 for r in rows if r.guid.startswith("o2a-"))
    if not scan.inline_types:
        c.ok(n_o2a == n_ids, f"deck.txt has {n_o2a} o2a- guids but the vault has {n_ids} blocks with an ID")


# ---------------------------------------------------------------------------
# Anki


class Anki:
    def __init__(self, coldir: Path, c: Checks) -> None:
        try:
            import anki  # noqa: F401
            from anki.buildinfo import version
            from anki.collection import Collection
            from anki import import_export_pb2
        except ImportError as e:
            raise CheckFailed(f"cannot import the anki package ({e}); run tests/anki/run.sh, which installs it") from None
        self.version = version
        self.pb = import_export_pb2
        self.c = c
        coldir.mkdir(parents=True, exist_ok=True)
        path = coldir / "collection.anki2"
        c.ok(not path.exists(), f"{path} exists; the check needs a fresh collection")
        self.col = Collection(str(path))
        self.stock_types = sorted(n.name for n in self.col.models.all_names_and_ids())
        missing = [t for t in NOTE_TYPES if t not in self.stock_types]
        c.ok(not missing, f"a fresh Anki {version} collection lacks the stock note types {missing}")

    def close(self) -> None:
        self.col.close()

    def import_deck(self, path: Path):
        """Runs Anki's own CSV importer on path with the metadata Anki read from its header."""
        pb, c = self.pb, self.c
        md = self.col.get_csv_metadata(str(path), None)
        where = f"Anki's reading of {path.name}'s header"
        c.ok(md.delimiter == pb.CsvMetadata.Delimiter.TAB, f"{where}: delimiter is not TAB")
        c.ok(md.is_html, f"{where}: is_html is false")
        c.ok(md.WhichOneof("notetype") == "notetype_column" and md.notetype_column == 2,
             f"{where}: note type not taken from column 2 ({md.WhichOneof('notetype')})")
        c.ok(md.WhichOneof("deck") == "deck_column" and md.deck_column == 3,
             f"{where}: deck not taken from column 3 ({md.WhichOneof('deck')})")
        c.ok(md.guid_column == 1, f"{where}: guid column is {md.guid_column}, not 1")
        c.ok(md.tags_column == 4, f"{where}: tags column is {md.tags_column}, not 4")
        c.ok(md.dupe_resolution == pb.CsvMetadata.DupeResolution.UPDATE,
             f"{where}: if-matches is {pb.CsvMetadata.DupeResolution.Name(md.dupe_resolution)}, not UPDATE")
        c.ok(list(md.column_labels) == COLUMN_LABELS, f"{where}: column labels {list(md.column_labels)}")
        c.ok(not md.global_tags and not md.updated_tags, f"{where}: unexpected global/updated tags")
        resp = self.col.import_csv(pb.ImportCsvRequest(path=str(path), metadata=md))
        log = resp.log
        for k in ("conflicting", "missing_notetype", "missing_deck", "empty_first_field", "first_field_match"):
            bad = getattr(log, k)
            c.ok(len(bad) == 0, f"Anki's import log of {path.name}: {len(bad)} note(s) '{k}', e.g. {list(bad[0].fields)[:1] if bad else ''}")
        return log

    def import_apkg(self, path: Path):
        """Runs Anki's own .apkg importer on path with the options its import dialog preselects."""
        c = self.c
        options = self.col._backend.get_import_anki_package_presets()
        self.apkg_options = options
        resp = self.col.import_anki_package(self.pb.ImportAnkiPackageRequest(package_path=str(path), options=options))
        log = resp.log
        for k in ("conflicting", "missing_notetype", "missing_deck", "empty_first_field", "first_field_match"):
            bad = getattr(log, k)
            c.ok(len(bad) == 0, f"Anki's import log of {path}: {len(bad)} note(s) '{k}', e.g. {list(bad[0].fields)[:1] if bad else ''}")
        return log

    def notes_by_guid(self) -> dict:
        out = {}
        for nid in self.col.find_notes(""):
            n = self.col.get_note(nid)
            self.c.ok(n.guid not in out, f"two notes with guid {n.guid} in the collection")
            out[n.guid] = n
        return out

    def verify(self, rows: list[Row], label: str, type_prefix: str = "") -> dict:
        """Every row is a note with exactly the row's values; returns guid -> note id.
        `type_prefix` is prepended to the row's note type name ("verideck " for the .apkg,
        whose notes use verideck's own note types)."""
        c, col = self.c, self.col
        notes = self.notes_by_guid()
        c.ok(len(notes) == len(rows), f"{label}: collection has {len(notes)} notes, deck.txt has {len(rows)} rows")
        tag_spell = spellings(t for r in rows for t in r.tags)
        math = 0
        for r in rows:
            where = f"{label}: note {r.guid} (deck.txt line {r.line})"
            n = notes.get(r.guid)
            c.ok(n is not None, f"{where}: not in the collection")
            nt = n.note_type()
            want_nt = type_prefix + r.notetype
            c.ok(nt["name"] == want_nt, f"{where}: note type is {nt['name']!r}, want {want_nt!r}")
            names = NOTE_TYPES[r.notetype]
            got_names = [f["name"] for f in nt["flds"]]
            c.ok(got_names == names, f"{where}: note type {nt['name']!r} has fields {got_names}, want {names}")
            c.ok(len(n.fields) == len(names), f"{where}: has {len(n.fields)} fields, {r.notetype} has {len(names)}")
            for i, name in enumerate(names):
                want, got = nfc(r.fields[i]), n.fields[i]
                if got != want:
                    k = next((j for j in range(min(len(got), len(want))) if got[j] != want[j]), min(len(got), len(want)))
                    raise CheckFailed(f"{where}: field {name!r} differs at char {k}\n"
                                      f"  deck.txt: {want[max(0, k - 40):k + 60]!r}\n  Anki:     {got[max(0, k - 40):k + 60]!r}")
                for tok in MATH_TOKENS:
                    c.ok(got.count(tok) == want.count(tok), f"{where}: field {name!r} has {got.count(tok)} {tok!r}, deck.txt {want.count(tok)}")
                    math += want.count(tok)
            # tags
            want_tags = {nfc(t) for t in r.tags}
            got_tags = set(n.tags)
            if got_tags != want_tags:
                diff = want_tags ^ got_tags
                c.ok({t.casefold() for t in got_tags} == {t.casefold() for t in want_tags}
                     and len(got_tags) == len(want_tags)
                     and all(case_ambiguous(t, tag_spell) for t in diff),
                     f"{where}: tags are {sorted(got_tags)}, deck.txt says {sorted(want_tags)}")
                c.warn(f"{where}: tags {sorted(diff)}: Anki kept another row's spelling (tags are case-insensitive)")
            # cards and their deck
            cards = n.cards()
            decks = {col.decks.name(card.did) for card in cards}
            want_deck = nfc(r.deck)
            hint = ""
            if any(d.rstrip("+") == want_deck and d != want_deck for d in decks):
                hint = ("\n  (Anki's CSV importer makes `Name+` when a row names a deck that this same import "
                        "created earlier only as the parent of another row's deck, e.g. `A::B` after `A::B::C`; "
                        "rows whose deck is a parent must come before rows of its sub-decks)")
            c.ok(decks == {want_deck}, f"{where}: cards are in deck(s) {sorted(decks)}, deck.txt says {r.deck!r}{hint}")
            want_cards = expected_cards(r)
            c.ok(len(cards) == want_cards, f"{where}: {len(cards)} cards, expected {want_cards} for a {r.notetype}")
        want_types = sorted(self.stock_types + ([] if not type_prefix else
                                                sorted({type_prefix + r.notetype for r in rows})))
        got_types = sorted(n.name for n in col.models.all_names_and_ids())
        c.ok(got_types == want_types,
             f"{label}: note types after import {got_types}, want {want_types} "
             f"(a fresh collection has {self.stock_types})")
        self.math = math
        return {g: n.id for g, n in notes.items()}

    def card_count(self) -> int:
        return len(self.col.find_cards(""))


def spellings(names) -> dict[str, set[str]]:
    """casefolded `::` prefix -> the spellings deck.txt uses for it."""
    out: dict[str, set[str]] = {}
    for name in names:
        parts = nfc(name).split("::")
        for k in range(1, len(parts) + 1):
            pre = "::".join(parts[:k])
            out.setdefault(pre.casefold(), set()).add(pre)
    return out


def case_ambiguous(name: str, spell: dict[str, set[str]]) -> bool:
    """True if deck.txt spells `name` or one of its `::` parents in more than one case: then Anki,
    whose tags and decks are case-insensitive, stores the spelling it met first."""
    parts = nfc(name).split("::")
    return any(len(spell.get("::".join(parts[:k]).casefold(), ())) > 1 for k in range(1, len(parts) + 1))


def expected_cards(r: Row) -> int:
    if r.notetype == "Basic (and reversed card)":
        return 2
    if r.notetype == "Basic (optional reversed card)":
        return 2 if r.fields[2].strip() else 1
    if r.notetype == "Cloze":
        return max(1, len({int(m) for m in re.findall(r"\{\{c(\d+)::", r.fields[0]) if int(m) > 0}))
    return 1


# ---------------------------------------------------------------------------
# verideck and the round trip


def build(binary: Path, vault: Path, out: Path, extra: list[str], ok_codes: list[int]) -> Path:
    cmd = [str(binary), "build", str(vault), "--out", str(out), *extra]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except OSError as e:
        raise CheckFailed(f"cannot run {binary}: {e}") from None
    if p.returncode not in ok_codes:
        raise CheckFailed(f"`{' '.join(cmd)}` exited {p.returncode}\n--- stderr ---\n{p.stderr[-4000:]}"
                          f"--- stdout ---\n{p.stdout[-2000:]}")
    deck = out / "deck.txt"
    if not deck.is_file():
        raise CheckFailed(f"`{' '.join(cmd)}` exited 0 but wrote no {deck}")
    return deck


def pick_block_to_edit(scan: VaultScan) -> Block:
    cands = [b for b in scan.exported() if b.notetype in BACK_TYPES and len(b.ids) == 1 and b.back_line is not None]
    if not cands:
        raise CheckFailed("the vault has no Basic-family block with an <!--ID: n--> line and a Back: line to edit")
    return cands[0]


def edit_back(vault_copy: Path, b: Block) -> str:
    """Appends EDIT_SENTENCE to the Back field's first line; returns a description."""
    p = vault_copy / b.path
    data = p.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    lines, eol = file_lines(p)
    i = b.back_line
    assert i is not None and lines[i].startswith("Back:")
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if lines[i][len("Back:"):].strip():
        lines[i] = lines[i].rstrip() + " " + EDIT_SENTENCE  # `Back: text` -> `Back: text SENTENCE`
        what = f"line {i + 1} (Back: with text)"
    elif re.match(r"[A-Za-z0-9]", nxt) and "$" not in nxt and nxt.rstrip() not in ("END", "DELETE") \
            and not nxt.startswith("Tags:") and not ID_RE.match(nxt.strip()):
        lines[i + 1] = nxt.rstrip() + " " + EDIT_SENTENCE  # plain prose line after `Back:`
        what = f"line {i + 2} (line after Back:)"
    else:  # next line is a heading, list, math, code...: the sentence opens the field instead
        lines[i] = "Back: " + EDIT_SENTENCE
        what = f"line {i + 1} (Back: line itself; the next line is {nxt[:20]!r})"
    text = eol.join(lines)
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return f"{b.path}:{what}"


def compare_builds(rows1: list[Row], rows2: list[Row], guid: str, c: Checks) -> None:
    g1 = {r.guid: r for r in rows1}
    g2 = {r.guid: r for r in rows2}
    c.ok(set(g1) == set(g2), f"out2/deck.txt guids differ from out1's: only in out1 {sorted(set(g1) - set(g2))[:5]}, "
                             f"only in out2 {sorted(set(g2) - set(g1))[:5]} (FORMATS.md §3.4: a Back edit never changes a guid)")
    c.ok([r.guid for r in rows1] == [r.guid for r in rows2], "out2/deck.txt has the rows in another order than out1")
    for g, r1 in g1.items():
        r2 = g2[g]
        key = lambda r: (r.notetype, r.deck, r.tags, r.fields)  # noqa: E731
        if g == guid:
            c.ok(EDIT_SENTENCE in r2.fields[1] and EDIT_SENTENCE not in r1.fields[1],
                 f"out2/deck.txt row {g}: the edited sentence is not in its Back column")
            c.ok((r1.notetype, r1.deck, r1.tags, r1.fields[0]) == (r2.notetype, r2.deck, r2.tags, r2.fields[0]),
                 f"out2/deck.txt row {g}: editing Back changed its type, deck, tags or Front")
        else:
            c.ok(key(r1) == key(r2), f"out2/deck.txt row {g} (line {r2.line}) differs from out1's although only {guid}'s Back was edited")


def run_vault(args, work: Path, c: Checks) -> None:
    binary = Path(args.binary).resolve()
    vault = Path(args.vault).resolve()
    if not vault.is_dir():
        raise CheckFailed(f"vault {vault} is not a folder")
    deck1 = build(binary, vault, work / "out1", args.build_arg, args.allow_exit)
    rows1 = parse_deck(deck1, c)
    scan = scan_vault(vault, c)
    check_deck_against_vault(rows1, scan, c)

    anki = Anki(work / "collection", c)
    try:
        log = anki.import_deck(deck1)
        c.ok(len(log.new) == len(rows1) and len(log.updated) == 0 and len(log.duplicate) == 0,
             f"first import: {len(log.new)} new, {len(log.updated)} updated, {len(log.duplicate)} duplicate; want {len(rows1)} new")
        nids1 = anki.verify(rows1, "import of out1")
        n_cards, math1 = anki.card_count(), anki.math
        cids1 = sorted(anki.col.find_cards(""))

        block = pick_block_to_edit(scan)
        guid = f"o2a-{block.ids[0]}"
        copy = work / "vault2" / vault.name  # same folder name: it is in every obsidian:// link
        if copy.parent.exists():
            shutil.rmtree(copy.parent)
        shutil.copytree(vault, copy, symlinks=True)
        # A person edits after the build: make sure the edit lands in a later second than the
        # file's old mtime (deck.apkg note times are whole seconds, and Anki updates only newer).
        old_mtime = int((copy / block.path).stat().st_mtime)
        while int(time.time()) <= old_mtime:
            time.sleep(0.05)
        edited = edit_back(copy, block)
        deck2 = build(binary, copy, work / "out2", args.build_arg, args.allow_exit)
        rows2 = parse_deck(deck2, c)
        compare_builds(rows1, rows2, guid, c)

        log2 = anki.import_deck(deck2)
        c.ok(len(log2.new) == 0, f"re-import: {len(log2.new)} note(s) added instead of updated")
        c.ok([x.id.nid for x in log2.updated] == [nids1[guid]],
             f"re-import: updated notes {[x.id.nid for x in log2.updated]}, want only {guid} (nid {nids1[guid]})")
        nids2 = anki.verify(rows2, "re-import of out2")
        c.ok(nids2 == nids1, "re-import: note ids changed (notes were replaced, not updated in place)")
        c.ok(EDIT_SENTENCE in anki.col.get_note(nids2[guid]).fields[1], f"re-import: note {guid}'s Back lacks the new text")
        c.ok(sorted(anki.col.find_cards("")) == cids1, "re-import: card ids changed (scheduling would be lost)")
    finally:
        anki.close()
    apkg_summary = run_apkg(work, rows1, rows2, guid, c)
    types = Counter(r.notetype for r in rows1)
    print(f"anki {anki.version}: imported {len(rows1)} notes ({n_cards} cards) from {deck1}")
    print(f"  vault {vault}: {len(scan.exported())} blocks + {len(scan.inline_types)} inline = {len(rows1)} rows; "
          f"types {dict(types)}; {math1} math delimiters survived")
    print(f"  round trip: edited {edited}; re-import of {deck2} updated note {guid} (nid {nids1[guid]}) in place, "
          f"{len(rows2)} notes, {len(log2.duplicate)} unchanged")
    print(apkg_summary)


def package_notes(apkg: Path, work: Path) -> dict:
    """guid -> (mod, csum, sfld) as stored in the package's own collection."""
    import sqlite3
    import zipfile
    db_path = work / f"{apkg.parent.name}-collection.anki2"
    with zipfile.ZipFile(apkg) as z:
        names = z.namelist()
        if "collection.anki2" not in names:
            raise CheckFailed(f"{apkg}: no collection.anki2 in the zip ({names[:5]})")
        db_path.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(db_path)
    try:
        return {g: (m, cs, sf) for g, m, cs, sf in con.execute("SELECT guid, mod, csum, sfld FROM notes")}
    finally:
        con.close()


def check_rendering(anki, rows: list[Row], nids: dict, c: Checks) -> int:
    """Renders every card with Anki's own template engine: each side shows the fields the
    stock type would show there, with the math delimiters intact, and no template error."""
    n = 0
    for r in rows:
        note = anki.col.get_note(nids[r.guid])
        front, back = note.fields[0], note.fields[1]
        for card in note.cards():
            q, a = card.question(), card.answer()
            where = f"card {card.ord + 1} of {r.guid} ({r.notetype})"
            for side, html in (("question", q), ("answer", a)):
                bare = html.replace(front, "").replace(back, "")
                c.ok("{{" not in bare and "template" not in bare.lower(),
                     f"{where}: the {side} shows a template problem: {html[:300]!r}")
            if r.notetype == "Cloze":
                c.ok('class="cloze"' in q and back in a, f"{where}: no cloze on the question or no Back Extra on the answer")
            elif r.notetype == "Basic (type in the answer)":
                # Anki's reviewer replaces [[type:Back]] by the input box and the comparison.
                c.ok(front in q and "[[type:Back]]" in q and "[[type:Back]]" in a,
                     f"{where}: no Front and typing box: {q[:300]!r}")
            elif card.ord == 0:
                c.ok(front in q and back in a, f"{where}: Front not on the question or Back not on the answer")
            else:
                c.ok(back in q and front in a, f"{where}: reversed card does not ask Back and answer Front")
            n += 1
    return n


def run_apkg(work: Path, rows1: list[Row], rows2: list[Row], guid: str, c: Checks) -> str:
    """Step 5: deck.apkg of both builds, into a fresh collection of its own."""
    apkg1, apkg2 = work / "out1" / "deck.apkg", work / "out2" / "deck.apkg"
    for p in (apkg1, apkg2):
        c.ok(p.is_file(), f"verideck build wrote no {p}")
    anki = Anki(work / "collection-apkg", c)
    try:
        log = anki.import_apkg(apkg1)
        c.ok(len(log.new) == len(rows1) and len(log.updated) == 0 and len(log.duplicate) == 0,
             f"first .apkg import: {len(log.new)} new, {len(log.updated)} updated, {len(log.duplicate)} duplicate; "
             f"want {len(rows1)} new")
        nids1 = anki.verify(rows1, "import of out1/deck.apkg", type_prefix="verideck ")
        cids1 = sorted(anki.col.find_cards(""))
        ours = package_notes(apkg1, work)
        stored = {g: (m, cs, sf) for g, m, cs, sf in anki.col.db.all("SELECT guid, mod, csum, sfld FROM notes")}
        for g, want in ours.items():
            c.ok(stored.get(g) == want, f"note {g}: (mod, csum, sfld) in Anki {stored.get(g)!r}, in deck.apkg {want!r}")
        ntids1 = sorted(n.id for n in anki.col.models.all_names_and_ids())
        rendered = check_rendering(anki, rows1, nids1, c)

        ours2 = package_notes(apkg2, work)
        newer = sorted(g for g in ours2 if ours2[g][0] > ours[g][0])
        c.ok(guid in newer, f"out2/deck.apkg: note {guid} (Back edited) has mod {ours2[guid][0]}, "
                            f"not newer than out1's {ours[guid][0]}: Anki would skip it")
        log2 = anki.import_apkg(apkg2)
        c.ok(len(log2.new) == 0, f".apkg re-import: {len(log2.new)} note(s) added instead of updated")
        updated = sorted(x.id.nid for x in log2.updated)
        c.ok(updated == sorted(nids1[g] for g in newer),
             f".apkg re-import: updated notes {updated}, want the {len(newer)} newer ones {newer}")
        nids2 = anki.verify(rows2, "re-import of out2/deck.apkg", type_prefix="verideck ")
        c.ok(nids2 == nids1, ".apkg re-import: note ids changed (notes were replaced, not updated in place)")
        c.ok(EDIT_SENTENCE in anki.col.get_note(nids2[guid]).fields[1], f".apkg re-import: note {guid}'s Back lacks the new text")
        c.ok(sorted(anki.col.find_cards("")) == cids1, ".apkg re-import: card ids changed (scheduling would be lost)")
        c.ok(sorted(n.id for n in anki.col.models.all_names_and_ids()) == ntids1, ".apkg re-import: note types changed")
        opts = anki.apkg_options
        return (f"  deck.apkg: imported {len(rows1)} notes into a fresh collection, rendered {rendered} cards "
                f"with verideck's templates; re-import of out2 updated "
                f"{len(updated)} note(s) in place (those of the edited file, mod newer), {len(log2.duplicate)} left "
                f"alone; options as Anki's dialog presets them: update notes "
                f"{anki.pb.ImportAnkiPackageUpdateCondition.Name(opts.update_notes)}, merge note types "
                f"{opts.merge_notetypes}")
    finally:
        anki.close()


def run_deck_only(args, work: Path, c: Checks) -> None:
    rows1 = parse_deck(Path(args.deck_only), c)
    anki = Anki(work / "collection", c)
    try:
        log = anki.import_deck(Path(args.deck_only))
        c.ok(len(log.new) == len(rows1), f"first import: {len(log.new)} new, want {len(rows1)}")
        nids1 = anki.verify(rows1, "import")
        print(f"anki {anki.version}: imported {len(rows1)} notes ({anki.card_count()} cards) from {args.deck_only}, "
              f"{anki.math} math delimiters survived")
        if args.deck_update:
            rows2 = parse_deck(Path(args.deck_update), c)
            g1 = {r.guid: r for r in rows1}
            changed = [r.guid for r in rows2 if r.guid in g1 and
                       (r.tags, r.fields) != (g1[r.guid].tags, g1[r.guid].fields)]
            c.ok(len(changed) > 0 and {r.guid for r in rows2} == set(g1),
                 "--deck-update must have the same guids as --deck-only and change at least one row")
            log2 = anki.import_deck(Path(args.deck_update))
            c.ok(len(log2.new) == 0, f"re-import: {len(log2.new)} notes added")
            c.ok(sorted(x.id.nid for x in log2.updated) == sorted(nids1[g] for g in changed),
                 f"re-import: updated {len(log2.updated)} notes, want {changed}")
            # a re-import never moves a note: expect the old deck
            for r in rows2:
                r.deck = g1[r.guid].deck
            nids2 = anki.verify(rows2, "re-import")
            c.ok(nids2 == nids1, "re-import: note ids changed")
            print(f"  re-import of {args.deck_update}: {len(changed)} note(s) updated in place, note count {len(nids2)}")
    finally:
        anki.close()


def main() -> int:
    ap = argparse.ArgumentParser(description="Import verideck's deck.txt and deck.apkg with Anki's own importers and check them.")
    ap.add_argument("--binary", help="path to the verideck executable")
    ap.add_argument("--vault", help="vault folder to build")
    ap.add_argument("--workdir", help="keep builds and the collection here (default: a temp dir, removed)")
    ap.add_argument("--build-arg", action="append", default=[], metavar="ARG",
                    help="extra argument for `verideck build` (repeatable), e.g. --build-arg=--allow-refuted")
    ap.add_argument("--allow-exit", action="append", type=int, default=None, metavar="N",
                    help="accept this exit status of `verideck build` besides 0 (repeatable)")
    ap.add_argument("--label", default="anki-import", help=argparse.SUPPRESS)
    ap.add_argument("--deck-only", help=argparse.SUPPRESS)
    ap.add_argument("--deck-update", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.deck_only and not (args.binary and args.vault):
        ap.error("--binary and --vault are required")

    args.allow_exit = [0, *(args.allow_exit or [])]
    c = Checks()
    tmp = None
    if args.workdir:
        work = Path(args.workdir).resolve()
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="verideck-anki-")
        work = Path(tmp.name)
    try:
        if args.deck_only:
            run_deck_only(args, work, c)
        else:
            run_vault(args, work, c)
    except CheckFailed as e:
        sys.stdout.flush()
        print(f"FAIL: {e}", file=sys.stderr)
        sys.stderr.flush()
        print(f"{args.label}: {c.passed} passed, 1 failed")
        return 1
    finally:
        if tmp:
            tmp.cleanup()
    for w in c.warnings:
        print(f"  warning: {w}")
    print(f"{args.label}: {c.passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

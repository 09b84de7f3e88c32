"""Writes the seed corpus of the fuzz targets from the sample vault notes/."""
import hashlib, pathlib, re

root = pathlib.Path(__file__).resolve().parent
notes = sorted((root.parent / "notes").rglob("*.md"))
for target in ("markdown", "check", "latex"):
    folder = root / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("seed-*"):
        old.unlink()
formulas = set()
for note in notes:
    text = note.read_bytes()
    name = "seed-" + hashlib.sha1(text).hexdigest()[:12]
    for target in ("markdown", "check"):
        (root / "corpus" / target / name).write_bytes(text)
    body = text.decode("utf-8")
    formulas.update(m.strip() for m in re.findall(r"\$\$(.*?)\$\$", body, re.S))
    formulas.update(re.findall(r"(?<!\$)\$([^$\n]+)\$(?!\$)", body))
for formula in sorted(formulas):
    data = formula.encode("utf-8")
    name = "seed-" + hashlib.sha1(data).hexdigest()[:12]
    (root / "corpus" / "latex" / name).write_bytes(data)
print(len(notes), "notes,", len(formulas), "formulas")

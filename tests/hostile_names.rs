//! Careless input (issue 13): names that clash — media with one file name
//! in two folders, note names equal once Unicode-normalised — and long
//! names. Each file keeps a distinct, stable output name; nothing is lost.
mod common;
use common::{TempVault, rows};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// The `.apkg`'s media: output name → bytes.
fn apkg_media(v: &TempVault) -> BTreeMap<String, Vec<u8>> {
    let bytes = std::fs::read(v.out().join("deck.apkg")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut map = String::new();
    zip.by_name("media")
        .unwrap()
        .read_to_string(&mut map)
        .unwrap();
    let map: BTreeMap<String, String> = serde_json::from_str(&map).unwrap();
    map.into_iter()
        .map(|(number, name)| {
            let mut data = Vec::new();
            zip.by_name(&number)
                .unwrap()
                .read_to_end(&mut data)
                .unwrap();
            (name, data)
        })
        .collect()
}

/// The `src` of every `<img>` in `html`.
fn img_srcs(html: &str) -> Vec<String> {
    html.split("<img src=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn same_named_images_in_two_folders_stay_two_images() {
    let v = TempVault::new(&[
        ("a/x.md", b"START\nBasic\nA ![[img.png]]\nBack: a\nEND\n"),
        ("b/y.md", b"START\nBasic\nB ![[img.png]]\nBack: b\nEND\n"),
        ("a/img.png", b"IMAGE-A"),
        ("b/img.png", b"IMAGE-B"),
    ]);
    v.build().success();
    // Cards: each field names its own image.
    let fronts: Vec<String> = rows(&v.deck()).into_iter().map(|r| r[4].clone()).collect();
    let names: Vec<String> = fronts.iter().map(|f| img_srcs(f)[0].clone()).collect();
    assert_ne!(names[0], names[1], "{fronts:?}");
    // out/media/ and the .apkg hold both, under those names, with their bytes.
    let media = apkg_media(&v);
    assert_eq!(media.len(), 2);
    for (name, expected) in names.iter().zip([b"IMAGE-A", b"IMAGE-B"]) {
        assert_eq!(media[name], expected);
        assert_eq!(
            std::fs::read(v.out().join("media").join(name)).unwrap(),
            expected
        );
    }
    // Lesson pages point at the same files.
    let page = std::fs::read_to_string(v.out().join("lessons/a/x.html")).unwrap();
    let src = img_srcs(&page)[0].clone();
    assert_eq!(src, format!("../../media/{}", names[0]));
    // Stable: a second build gives the same names.
    v.build().success();
    let again: Vec<String> = rows(&v.deck())
        .into_iter()
        .map(|r| img_srcs(&r[4])[0].clone())
        .collect();
    assert_eq!(again, names);
}

#[test]
fn a_unique_image_keeps_its_plain_name() {
    let v = TempVault::new(&[
        ("n.md", b"START\nBasic\nA ![[plot.png]]\nBack: a\nEND\n"),
        ("img/plot.png", b"PLOT"),
    ]);
    v.build().success();
    assert_eq!(
        std::fs::read(v.out().join("media/plot.png")).unwrap(),
        b"PLOT"
    );
    assert!(apkg_media(&v).contains_key("plot.png"));
}

#[cfg(target_os = "linux")] // file systems elsewhere may merge the two spellings
#[test]
fn nfc_and_nfd_note_names_keep_two_notes_and_two_pages_with_a_warning() {
    let nfc = "caf\u{e9}.md";
    let nfd = "cafe\u{301}.md";
    let v = TempVault::new(&[
        (nfc, b"START\nBasic\nFrom NFC\nBack: a\nEND\n"),
        (nfd, b"START\nBasic\nFrom NFD\nBack: b\nEND\n"),
    ]);
    let run = v.build();
    let stderr = stderr_of(&run);
    run.success();
    assert!(stderr.contains("once Unicode-normalised (NFC)"), "{stderr}");
    let rows = rows(&v.deck());
    let fronts: BTreeSet<&str> = rows.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(fronts, BTreeSet::from(["From NFC", "From NFD"]));
    let guids: BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(guids.len(), 2);
    let pages: Vec<_> = std::fs::read_dir(v.out().join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "index.html")
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages.contains(&"caf\u{e9}.html".to_string()));
}

#[test]
fn a_link_typed_in_nfd_finds_the_nfc_note() {
    let v = TempVault::new(&[
        ("\u{dc}ber.md", b"# Top\nthe embedded text\n".as_slice()),
        (
            "n.md",
            "START\nBasic\nQ ![[U\u{308}ber]]\nBack: [[U\u{308}ber]]\nEND\n".as_bytes(),
        ),
    ]);
    let run = v.build();
    let stderr = stderr_of(&run);
    run.success();
    assert!(!stderr.contains("not found"), "{stderr}");
    assert!(v.deck().contains("the embedded text"));
}

#[test]
fn a_240_character_note_name_builds() {
    let name = format!("{}.md", "n".repeat(240));
    let v = TempVault::new(&[(name.as_str(), b"START\nBasic\nLong\nBack: a\nEND\n")]);
    v.build().success();
    assert_eq!(rows(&v.deck()).len(), 1);
    assert!(
        v.out()
            .join(format!("lessons/{}.html", "n".repeat(240)))
            .exists()
    );
}

//! The `.apkg` file itself: a zip archive with `collection.anki2`, the
//! `media` map (JSON `{"0": "name.png", …}`) and each media file stored
//! under its number. Every entry has the zip format's fixed earliest date,
//! so the archive holds no build time.
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// One media file: the name notes use, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// File name as fields reference it (`<img src="NAME">`).
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Zips `collection` (the SQLite bytes) and `media` into an `.apkg`.
pub fn package(collection: &[u8], media: &[MediaFile]) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("collection.anki2", options)?;
    zip.write_all(collection)?;
    let map: serde_json::Map<String, serde_json::Value> = media
        .iter()
        .enumerate()
        .map(|(i, m)| (i.to_string(), m.name.clone().into()))
        .collect();
    zip.start_file("media", options)?;
    zip.write_all(serde_json::Value::Object(map).to_string().as_bytes())?;
    for (i, m) in media.iter().enumerate() {
        zip.start_file(i.to_string(), options)?;
        zip.write_all(&m.bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn entries_and_media_map() {
        let media = [MediaFile {
            name: "pic.png".into(),
            bytes: b"PNG".to_vec(),
        }];
        let bytes = package(b"SQLite", &media).unwrap();
        assert_eq!(bytes, package(b"SQLite", &media).unwrap(), "deterministic");
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), 3);
        let mut read = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        assert_eq!(read("collection.anki2"), "SQLite");
        assert_eq!(read("media"), r#"{"0":"pic.png"}"#);
        assert_eq!(read("0"), "PNG");
    }
}

use super::*;
use crate::model::body_key;

/// An empty git repository, where text caches can be kept.
fn git_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    gix::init(dir.path()).expect("a git repository");
    dir
}

/// Entries with no text, an empty text, non-ASCII and several texts.
fn entries() -> Vec<(u64, Vec<String>)> {
    [
        ("## Why\nFinance.", vec!["Finance."]),
        ("", vec![]),
        ("## Ünïcode\n", vec!["", "Ünïcode — ✓"]),
        ("# A\n## B\nC.", vec!["B C.", "C.", "third"]),
    ]
    .into_iter()
    .map(|(body, texts)| (body_key(body), texts.into_iter().map(String::from).collect()))
    .collect()
}

/// Writes `entries` as the cache `name` of `root`.
fn write(root: &Path, name: &str, entries: &[(u64, Vec<String>)]) {
    let cache = TextCache::open(root, name, None).expect("a repository in git");
    let mut writer = cache.writer(entries.len()).expect("a writable git folder");
    for (key, texts) in entries {
        writer.add(*key, texts);
    }
    writer.finish();
}

fn keys(entries: &[(u64, Vec<String>)]) -> Vec<u64> {
    entries.iter().map(|(key, _)| *key).collect()
}

/// What reading every one of `entries` back gives when all are there.
fn all(entries: &[(u64, Vec<String>)]) -> Vec<Option<Vec<String>>> {
    entries.iter().map(|(_, texts)| Some(texts.clone())).collect()
}

/// A git repository with [`entries`] written as the cache `t.bin`, and
/// the entries.
fn written() -> (tempfile::TempDir, Vec<(u64, Vec<String>)>) {
    let dir = git_repo();
    let entries = entries();
    write(dir.path(), "t.bin", &entries);
    (dir, entries)
}

#[test]
fn every_entry_reads_back_as_written_in_any_order() {
    let (dir, entries) = written();
    let cache = TextCache::open(dir.path(), "t.bin", None).unwrap();
    assert!(cache.holds(&keys(&entries)));
    assert_eq!(cache.get(&keys(&entries)), all(&entries));
    // Backwards, with a key the file does not hold, and one asked twice.
    let unknown = body_key("not written");
    let asked = [entries[3].0, unknown, entries[0].0, entries[0].0];
    let found = cache.get(&asked);
    assert_eq!(
        found,
        vec![
            Some(entries[3].1.clone()),
            None,
            Some(entries[0].1.clone()),
            Some(entries[0].1.clone())
        ]
    );
    let mut reordered = keys(&entries);
    reordered.swap(0, 1);
    assert!(!cache.holds(&reordered), "another order is another file");
    assert!(!cache.holds(&keys(&entries)[1..]));
}

#[test]
fn a_changed_byte_loses_only_its_entry() {
    let (dir, entries) = written();
    let path = crate::load::cache::folder(dir.path()).unwrap().join("t.bin");
    let mut bytes = std::fs::read(&path).unwrap();
    // The last byte belongs to the last entry's last text.
    *bytes.last_mut().unwrap() ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let found = TextCache::open(dir.path(), "t.bin", None)
        .unwrap()
        .get(&keys(&entries));
    assert_eq!(found[3], None, "the damaged entry is not used");
    assert_eq!(found[0], Some(entries[0].1.clone()));
    assert_eq!(found[2], Some(entries[2].1.clone()));
}

#[test]
fn a_cut_foreign_or_missing_file_gives_nothing() {
    let dir = git_repo();
    let entries = entries();
    let nothing = vec![None; entries.len()];
    let cache = TextCache::open(dir.path(), "t.bin", None).unwrap();
    assert_eq!(cache.get(&keys(&entries)), nothing, "no file yet");
    assert!(!cache.holds(&keys(&entries)));

    write(dir.path(), "t.bin", &entries);
    let path = crate::load::cache::folder(dir.path()).unwrap().join("t.bin");
    let whole = std::fs::read(&path).unwrap();
    for cut in [0, 8, HEADER, HEADER + ROW, whole.len() - 1] {
        std::fs::write(&path, &whole[..cut]).unwrap();
        let cache = TextCache::open(dir.path(), "t.bin", None).unwrap();
        assert_eq!(cache.get(&keys(&entries)), nothing, "cut at {cut}");
    }
    let mut foreign = whole.clone();
    foreign[8] ^= 1; // another build's fingerprint
    std::fs::write(&path, &foreign).unwrap();
    let cache = TextCache::open(dir.path(), "t.bin", None).unwrap();
    assert_eq!(cache.get(&keys(&entries)), nothing);
}

#[test]
fn an_unfinished_writer_leaves_the_old_file_and_no_temporary() {
    let (dir, entries) = written();
    let cache = TextCache::open(dir.path(), "t.bin", None).unwrap();
    let mut writer = cache.writer(entries.len()).unwrap();
    writer.add(entries[0].0, &["other"]);
    drop(writer); // a build that failed half way
    let mut short = cache.writer(entries.len()).unwrap();
    short.add(entries[0].0, &["other"]);
    short.finish(); // fewer entries than promised
    let folder = crate::load::cache::folder(dir.path()).unwrap();
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["t.bin"]);
    let reopened = TextCache::open(dir.path(), "t.bin", None).unwrap();
    assert_eq!(reopened.get(&[entries[0].0]), vec![Some(entries[0].1.clone())]);
}

#[test]
fn decoding_refuses_what_encoding_cannot_give() {
    let blob = encode(&["ab", "ç"]);
    assert_eq!(decode(&blob), Some(vec!["ab".to_string(), "ç".to_string()]));
    for cut in 0..blob.len() {
        assert_eq!(decode(&blob[..cut]), None, "cut at {cut}");
    }
    let mut longer = blob.clone();
    longer.push(0);
    assert_eq!(decode(&longer), None, "bytes after the texts");
    let mut invalid = blob.clone();
    let last = invalid.len() - 1;
    invalid[last] = 0xff;
    assert_eq!(decode(&invalid), None, "not UTF-8");
}

#[test]
fn outside_git_there_is_no_cache() {
    let dir = tempfile::tempdir().unwrap();
    assert!(TextCache::open(dir.path(), "t.bin", None).is_none());
}

#[test]
fn long_runs_of_entries_are_read_in_parts() {
    let dir = git_repo();
    // Three entries of more than half of `READ` each: no two fit one read.
    let long = |c: char| c.to_string().repeat(READ as usize / 2 + 1);
    let entries: Vec<(u64, Vec<String>)> = ["a", "b", "c"]
        .iter()
        .map(|body| (body_key(body), vec![long(body.chars().next().unwrap())]))
        .collect();
    write(dir.path(), "t.bin", &entries);
    let found = TextCache::open(dir.path(), "t.bin", None)
        .unwrap()
        .get(&keys(&entries));
    assert_eq!(found, all(&entries));
}

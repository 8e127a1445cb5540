use super::*;
use crate::load::{load, Loaded};
use crate::test_support::repo;

/// Records with every field the codec writes: numbers of each sign and
/// kind, nested front matter, tasks with owners, references of each origin,
/// file links, sections, prose ids, and diagnostics (a missing id, an
/// unknown field value, invalid YAML).
const FILES: &[(&str, &str)] = &[
    (
        "items/PAY-1-export.md",
        "---\nid: PAY-1\ntitle: Export invoices — in CSV\nstatus: ready\ntype: story\npriority: -3\n\
         estimate: 2.5\nowner: ana\ntags: [billing, csv]\ndepends_on: [PAY-2]\ndecisions: [ADR-1]\n\
         confidence: high\ncustom: { nested: [1, -2, 3.25, true, false, null, \"x\", -9223372036854775808] }\nbig: 18446744073709551615\n---\n\
         # Export\n\n## Why\nFinance reconciles by hand. See PAY-2 and [[ADR-1]].\n\n\
         ## Acceptance criteria\n- [ ] A CSV download @ana\n- [x] Totals match\n\n\
         A [spec](../docs/spec%20v2.md#totals) and [the ADR](../decisions/ADR-1-postgres.md).\n",
    ),
    (
        "items/PAY-2.md",
        "---\nstatus: sized\nestimate: L\ntimebox: 2d\n---\n## Why\nÜnïcode body with `code PAY-1`.\n",
    ),
    (
        "items/no-id-here.md",
        "---\nkind: itme\nstatus: draft\n---\nText.\n",
    ),
    (
        "decisions/ADR-1-postgres.md",
        "\u{feff}---\ntitle: Use Postgres\nstatus: accepted\ndate: 2026-01-03\ndeciders: [ana]\n\
         decision-makers: [bo]\nconsulted: [cy]\ninformed: [di]\nsupersedes: [ADR-0]\n---\n## Context\nWhy.\n",
    ),
    (
        "sessions/2026-11-03-payments.md",
        "---\ndate: 2026-11-03\nitems: [PAY-1]\nduration: 1h30m\nfacilitator: ana\n\
         participants: [ana, bo]\nfirst_proposal: bo\n---\nNotes.\n",
    ),
    ("items/notes-on-billing.md", "---\nstatus: draft\n---\nNo id anywhere.\n"),
    ("items/PAY-3-broken.md", "---\ntitle: [unclosed\nstatus: ready\n---\nBody.\n"),
];

/// A repository of `files` with an empty git repository around it, so that
/// the cache has somewhere to live.
fn git_repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = repo(files);
    gix::init(dir.path()).expect("a git repository");
    dir
}

/// Everything loading gave, to compare two loads. Whether a record holds
/// its text or leaves it in its file (in a git repository) is left out:
/// its text shows either way.
fn described(loaded: &Loaded) -> String {
    let mut records = loaded.records.clone();
    for record in &mut records {
        record.released = None;
    }
    format!(
        "{:#?}\n{:#?}\n{:#?}\n{:#?}",
        records, loaded.diagnostics, loaded.unparsed, loaded.skipped
    )
}

fn cache_of(dir: &Path, config: &Config) -> Cache {
    Cache::open(dir, config).expect("a git repository has a cache")
}

#[test]
fn every_field_survives_encoding_and_decoding() {
    let dir = repo(FILES);
    let loaded = load(dir.path(), &Config::default());
    assert_eq!(loaded.records.len(), 7, "{}", described(&loaded));
    for record in &loaded.records {
        let found: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.file == record.file)
            .cloned()
            .collect();
        assert!(codec::can_encode(record, &found));
        let mut bytes = Vec::new();
        codec::encode(record, &found, &mut bytes);
        let (mut decoded, decoded_found) = codec::decode(&bytes, &record.file).expect("decodes");
        decoded.source = record.source.clone();
        assert_eq!(format!("{decoded:#?}"), format!("{record:#?}"));
        assert_eq!(format!("{decoded_found:#?}"), format!("{found:#?}"));
        // Any cut of an encoding is refused rather than read as another record.
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                codec::decode(&bytes[..cut], &record.file).is_none(),
                "cut at {cut}"
            );
        }
    }
    let codes: Vec<_> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
    for code in ["parse-error", "invalid-field", "missing-id"] {
        assert!(codes.contains(&code), "{codes:?}");
    }
}

#[test]
fn a_second_load_reads_every_record_from_the_cache_and_gives_the_same() {
    let dir = git_repo(FILES);
    let config = Config::default();
    assert!(cache_of(dir.path(), &config).entries.is_empty());
    let parsed = load(dir.path(), &config);
    let cache = cache_of(dir.path(), &config);
    assert_eq!(cache.entries.len(), parsed.records.len());
    let cached = load(dir.path(), &config);
    assert_eq!(described(&cached), described(&parsed));
    // Each file is a hit: its record is the cache's, not parsed again.
    for record in &parsed.records {
        let key = Cache::key(&record.file, Some(record.kind), record.source());
        assert!(cache.entries.contains_key(&key), "{}", record.file.display());
        assert!(cache.get(key, &record.file, record.source().to_string()).is_ok());
    }
}

#[test]
fn a_changed_added_or_removed_file_is_loaded_as_it_now_is() {
    let dir = git_repo(FILES);
    let config = Config::default();
    load(dir.path(), &config);
    let changed = (
        "items/PAY-2.md",
        "---\nstatus: ready\nestimate: 3\n---\n## Why\nNow ready.\n",
    );
    let added = ("items/PAY-4.md", "---\nstatus: draft\n---\nNew.\n");
    let removed = "sessions/2026-11-03-payments.md";
    for (path, text) in [changed, added] {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    std::fs::remove_file(dir.path().join(removed)).unwrap();
    let cached = load(dir.path(), &config);
    let pay_2 = cached.records.iter().find(|r| r.id == "PAY-2").unwrap();
    assert_eq!(pay_2.status.as_deref(), Some("ready"));
    // What a repository holding the same files, never cached, gives.
    let mut now: Vec<(&str, &str)> = FILES
        .iter()
        .copied()
        .filter(|(path, _)| *path != removed && *path != changed.0)
        .collect();
    now.extend([changed, added]);
    assert_eq!(described(&cached), described(&load(repo(&now).path(), &config)));
    // The cache now holds exactly the files there are.
    assert_eq!(cache_of(dir.path(), &config).entries.len(), now.len());
}

#[test]
fn a_damaged_cache_or_one_for_another_configuration_is_not_used() {
    let dir = git_repo(FILES);
    let config = Config::default();
    let parsed = load(dir.path(), &config);
    let file = cache_of(dir.path(), &config).file;
    let whole = std::fs::read(&file).unwrap();
    // A flipped byte anywhere, a cut, or another file: nothing is read from it.
    for at in [0, 9, 17, 25, HEADER + 3, whole.len() / 2, whole.len() - 1] {
        let mut damaged = whole.clone();
        damaged[at] ^= 0x20;
        std::fs::write(&file, &damaged).unwrap();
        assert!(cache_of(dir.path(), &config).entries.is_empty(), "byte {at}");
        assert_eq!(described(&load(dir.path(), &config)), described(&parsed));
    }
    std::fs::write(&file, &whole[..whole.len() - 5]).unwrap();
    assert!(cache_of(dir.path(), &config).entries.is_empty());
    std::fs::write(&file, &whole).unwrap();
    assert!(!cache_of(dir.path(), &config).entries.is_empty());
    let mut other = config.clone();
    other.headings.insert("why".into(), vec!["Reason".into()]);
    assert!(cache_of(dir.path(), &other).entries.is_empty());
}

#[test]
fn a_folder_outside_git_has_no_cache() {
    let dir = repo(FILES);
    if gix::discover(dir.path()).is_err() {
        assert!(Cache::open(dir.path(), &Config::default()).is_none());
    }
}

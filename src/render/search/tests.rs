use super::*;

/// The index of every record, with the texts of its shards in order.
fn build_all(index: &Index) -> (SearchIndex, Vec<String>) {
    let mut texts = Vec::new();
    let mut shards = Vec::new();
    let search = build(index, &mut |first, batch| {
        shards.push(first);
        texts.extend(batch);
        Ok(())
    })
    .unwrap();
    let expected: Vec<usize> = (0..shards.len()).map(|b| b * BATCH / SHARD).collect();
    assert_eq!(shards, expected, "batches of whole shards, in order");
    (search, texts)
}
use crate::test_support::indexed;

#[test]
fn words_are_lower_case_without_stop_words_and_ids_split() {
    assert_eq!(
        words("Use Postgres for the PAY-12 read-only store."),
        [
            "use",
            "postgres",
            "pay-12",
            "pay",
            "12",
            "read-only",
            "read",
            "only",
            "store"
        ]
    );
}

#[test]
fn stop_words_are_sorted_short_and_each_found() {
    assert!(STOP_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
    assert_eq!(STOP_WORDS.iter().map(|w| w.len()).max(), Some(STOP_WORD_LENGTH));
    assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
    let prefixes = STOP_WORDS
        .iter()
        .map(|w| &w[..w.len() - 1])
        .filter(|p| !STOP_WORDS.contains(p));
    for word in prefixes.chain([
        "", "i", "at_", "thee", "them", "these2", "tha", "t\u{e9}", "intoo",
    ]) {
        assert!(!is_stop_word(word), "{word}");
    }
}

/// The whole text of a body, every word read.
fn plain_text(markdown: &str) -> String {
    plain_text_start(markdown, usize::MAX)
}

#[test]
fn plain_text_drops_markup() {
    assert_eq!(
        plain_text("## Why\nWe **need** `retry`.\n\n- one\n- two\n"),
        "We need retry. one two"
    );
}

#[test]
fn plain_text_drops_comments_shortcodes_and_alert_markers() {
    assert_eq!(
        plain_text(
            "<!-- AC:BEGIN -->\nOne {{< figure >}} two.\n\n> [!NOTE]\n> Three.\n\n:::tip Four\nFive.\n:::\n"
        ),
        "One two. Three. Five."
    );
}

/// The first words of the whole body, cleaned of other tools' markup and
/// parsed whole.
fn first_words_of_whole(markdown: &str, limit: usize) -> String {
    let cleaned = crate::parse::markup::clean(markdown);
    first_words(&plain_text_until(&cleaned.text, limit).0, limit)
}

proptest::proptest! {
    #[test]
    fn reading_the_start_of_a_body_gives_the_words_of_the_whole(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "word ", "other ", "é ", "\n", "\n\n", "\n\n\n", "- ", "1. ", "# ", "Title\n---\n", "```\n",
            "    ", "> ", "[a]", "[a][b]", "\n[b]: http://x.example\n", "&nbsp;", "<!-- ", " -->", "`", "*",
            "<div>", "\r\n", "- [ ] ", "|",
        ]), 0..80),
        limit in 1usize..12,
    ) {
        let markdown: String = pieces.concat();
        proptest::prop_assert_eq!(
            plain_text_start(&markdown, limit),
            first_words_of_whole(&markdown, limit)
        );
    }
}

#[test]
fn the_start_of_the_plain_text_is_its_first_words() {
    let markdown = "## Why\nWe **need** `retry`.\n\n- one\n- two\n\nAnd more words here.\n";
    let all = plain_text(markdown);
    for limit in 0..12 {
        let words: Vec<&str> = all.split_whitespace().take(limit).collect();
        assert_eq!(
            plain_text_start(markdown, limit),
            words.join(" "),
            "{limit} words"
        );
    }
}

#[test]
fn a_title_word_outweighs_the_same_word_in_a_body() {
    let (_dir, index, _) = indexed(
        &[
            (
                "items/PAY-1.md",
                "---\ntitle: Retry payouts\n---\nNothing here.\n",
            ),
            (
                "items/PAY-2.md",
                "---\ntitle: Something else\n---\nWe retry, retry and retry again.\n",
            ),
        ],
        &crate::config::Config::default(),
    );
    let (search_index, texts) = build_all(&index);
    let value = serde_json::to_value(search_index).unwrap();
    let retry: Vec<u64> = value["terms"]["retry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let docs = value["docs"].as_array().unwrap();
    let weight_of = |id: &str| {
        let doc = docs.iter().position(|d| d[0] == id).unwrap() as u64;
        retry.chunks(2).find(|pair| pair[0] == doc).unwrap()[1]
    };
    assert_eq!(weight_of("PAY-1"), u64::from(TITLE_WEIGHT));
    assert_eq!(weight_of("PAY-2"), u64::from(BODY_CAP));
    assert_eq!(
        docs[1],
        json!(["PAY-2", "item", "Something else", "", ""]),
        "the URL is the usual one"
    );
    assert_eq!(texts[1], "We retry, retry and retry again.");
}

#[test]
fn a_word_in_most_records_keeps_only_its_title_matches() {
    let mut files: Vec<(String, String)> = (0..120)
        .map(|n| {
            (
                format!("items/PAY-{n}.md"),
                format!("---\ntitle: Item {n}\n---\nA ledger entry.\n"),
            )
        })
        .collect();
    files.push((
        "items/PAY-999.md".into(),
        "---\ntitle: Ledger rules\n---\nNothing.\n".into(),
    ));
    files.push((
        "items/PAY-998.md".into(),
        "---\ntitle: Rare\n---\nA zebra.\n".into(),
    ));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let (_dir, index, _) = indexed(&files, &crate::config::Config::default());
    let value = serde_json::to_value(build_all(&index).0).unwrap();
    assert!(value["common"].as_array().unwrap().contains(&json!("ledger")));
    let ledger = value["terms"]["ledger"].as_array().unwrap();
    let doc = ledger[0].as_u64().unwrap() as usize;
    assert_eq!(ledger.len(), 2, "only the title match is left");
    assert_eq!(value["docs"][doc][0], "PAY-999");
    assert_eq!(value["terms"]["zebra"].as_array().unwrap().len(), 2);
}

/// The flat `doc, weight` list of `word`.
fn postings_of<'a>(index: &'a SearchIndex, word: &str) -> &'a [u32] {
    let terms = &index.terms.0;
    terms
        .iter()
        .find(|(w, _)| w == word)
        .map_or(&[], |(_, list)| list.as_slice())
}

#[test]
fn postings_are_in_record_order_when_made_in_parts_and_batches() {
    let config = crate::config::Config::default();
    let count = BATCH + 3 * PART + 7;
    let files: Vec<(String, String)> = (0..count)
        .map(|n| {
            (
                format!("items/T-{n:04}.md"),
                format!("---\ntitle: Shared word{}\n---\nBody shared shared.\n", n % 7),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let (_dir, index, _) = indexed(&files, &config);
    let (search, texts) = build_all(&index);
    assert_eq!(texts.len(), count);
    // In every title: common, so only title matches, each its title and body weight.
    let shared = postings_of(&search, "shared");
    let expected: Vec<u32> = (0..count as u32)
        .flat_map(|doc| [doc, u32::from(TITLE_WEIGHT + 2 * BODY_WEIGHT)])
        .collect();
    assert_eq!(shared, expected.as_slice());
    let docs: Vec<u32> = postings_of(&search, "word3").iter().step_by(2).copied().collect();
    let expected: Vec<u32> = (0..count as u32)
        .filter(|d| {
            let id = search.docs[*d as usize][0].as_str().unwrap();
            id.ends_with(|c: char| c.is_ascii_digit()) && id[2..].parse::<usize>().unwrap() % 7 == 3
        })
        .collect();
    assert_eq!(docs, expected);
}

#[test]
fn joined_postings_keep_the_earlier_records_first_whichever_part_is_larger() {
    let part = |entries: &[(&str, u32)]| -> PostingsByWord {
        let mut postings = PostingsByWord::default();
        for &(word, doc) in entries {
            postings.entry(word.to_string()).or_default().push((doc, 1, 0));
        }
        postings
    };
    let docs =
        |postings: &PostingsByWord, word: &str| -> Vec<u32> { postings[word].iter().map(|p| p.0).collect() };
    let small = part(&[("a", 0)]);
    let large = part(&[("a", 1), ("b", 1), ("c", 2)]);
    let joined = join_postings(small, large);
    assert_eq!(docs(&joined, "a"), [0, 1]);
    let large = part(&[("a", 0), ("b", 0), ("c", 1)]);
    let small = part(&[("a", 2)]);
    let joined = join_postings(large, small);
    assert_eq!(docs(&joined, "a"), [0, 2]);
    assert_eq!(docs(&joined, "c"), [1]);
}

/// A body of `n` numbered words, `w0 w1 …`, with `last` at the end.
fn long_body(n: usize, last: &str) -> String {
    let words: Vec<String> = (0..n).map(|k| format!("w{k}")).collect();
    format!("---\ntitle: Long\n---\n{} {last}\n", words.join(" "))
}

#[test]
fn whole_bodies_are_indexed_when_small_and_only_their_start_beyond() {
    let body = long_body(BODY_WORDS + 50, "faraway");
    let (_dir, index, _) = indexed(
        &[("items/PAY-1.md", body.as_str())],
        &crate::config::Config::default(),
    );
    let (whole, texts) = build_all(&index);
    assert!(whole.full_text);
    assert_eq!(postings_of(&whole, "faraway"), [0, u32::from(BODY_WEIGHT)]);
    assert!(texts[0].ends_with("faraway"), "{}", texts[0]);
    let mut start_texts = Vec::new();
    let start = build_with(&index, 100, &mut |_, batch| {
        start_texts.extend(batch);
        Ok(())
    })
    .unwrap();
    assert!(!start.full_text);
    assert_eq!(postings_of(&start, "faraway"), [] as [u32; 0]);
    assert_eq!(start_texts[0].split_whitespace().count(), BODY_WORDS);
}

#[test]
fn people_and_tags_are_results_after_the_records() {
    let (_dir, index, _) = indexed(
        &[
            (
                "items/PAY-1.md",
                "---\ntitle: One\nowner: Ada Lovelace\ntags: [money, ledger]\n---\n",
            ),
            (
                "decisions/ADR-1.md",
                "---\ntitle: Rule\nstatus: accepted\ndeciders: [Ada Lovelace, Bob]\ntags: [money]\n---\n",
            ),
        ],
        &crate::config::Config::default(),
    );
    let (search, texts) = build_all(&index);
    assert_eq!(search.records, 2);
    assert_eq!(texts.len(), 2, "people and tags have no text");
    let named: Vec<String> = search.docs[2..]
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d[1].as_str().unwrap(),
                d[0].as_str().unwrap(),
                d[5].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            "person Ada Lovelace people/ada-lovelace/index.html",
            "person Bob people/bob/index.html",
            "tag ledger tags/ledger/index.html",
            "tag money tags/money/index.html",
        ]
    );
    // The person's page outweighs the records that name her.
    let lovelace = postings_of(&search, "lovelace");
    assert_eq!(
        lovelace,
        [
            0,
            u32::from(FIELD_WEIGHT),
            1,
            u32::from(FIELD_WEIGHT),
            2,
            u32::from(NAME_WEIGHT)
        ]
    );
}

#[test]
fn snippets_read_wiki_links_as_their_text_and_question_words_are_stop_words() {
    assert_eq!(
        plain_text("Follows [[ADR-3]] and [[ADR-4|the ledger rule]]."),
        "Follows ADR-3 and the ledger rule."
    );
    assert_eq!(words("Why postgres, and how?"), ["postgres"]);
}

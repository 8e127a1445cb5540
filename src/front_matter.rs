//! A record's front matter as parsed, every key, kept as compact JSON text.
//!
//! The typed fields of [`crate::model::Record`] hold what shoshin
//! interprets; the front matter itself is needed only by `data.json` and
//! `shoshin export` (the whole map), by the record page (keys shoshin does
//! not interpret), and by the few checks and rules that look a key up. As a
//! tree of `serde_json` values it took about 1.5 kB a record (a third of a
//! loaded record); as the text `data.json` writes, about 230 bytes, written
//! out as it is and parsed again only where a key is looked up.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::{Map, Value};

/// The front-matter keys shoshin interprets, for every kind of record (the
/// one list: the typo check of `parse::fields` reads it too); every other
/// key is kept as is and shown as "Other fields".
pub const KNOWN_KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "type",
    "status",
    "date",
    "priority",
    "estimate",
    "owner",
    "parent",
    "depends_on",
    "decisions",
    "tags",
    "summary",
    "timebox",
    "confidence",
    "sprint",
    "deciders",
    "decision-makers",
    "consulted",
    "informed",
    "supersedes",
    "superseded_by",
    "amends",
    "items",
    "facilitator",
    "participants",
    "first_proposal",
    "duration",
    "applies_to",
    "related",
    "review_by",
];

/// A record's front matter: every key as written, values as parsed, kept as
/// the compact JSON of the map (keys in the map's order).
#[derive(Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// `serde_json::to_string` of the map.
    json: Box<str>,
    /// Whether a key is not one of [`KNOWN_KEYS`], so that pages look for
    /// such keys only where there are some.
    other_keys: bool,
}

impl FrontMatter {
    /// The front matter holding `map`.
    pub fn new(map: &Map<String, Value>) -> FrontMatter {
        FrontMatter {
            // A map of JSON values always serialises.
            json: serde_json::to_string(map).unwrap_or_else(|_| "{}".into()).into(),
            other_keys: map.keys().any(|key| !KNOWN_KEYS.contains(&key.as_str())),
        }
    }

    /// The map, parsed again.
    pub fn map(&self) -> Map<String, Value> {
        // The text was made from a map, or checked to be one.
        serde_json::from_str(&self.json).unwrap_or_default()
    }

    /// The value of `key`, if the front matter has it.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.map().remove(key)
    }

    /// The compact JSON of the map, as `serde_json::to_string` writes it.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// Whether the front matter has keys shoshin does not interpret (not in
    /// [`KNOWN_KEYS`]).
    pub fn has_other_keys(&self) -> bool {
        self.other_keys
    }

    /// The keys shoshin does not interpret, with their values, in the map's
    /// order.
    pub fn other_keys(&self) -> Vec<(String, Value)> {
        if !self.other_keys {
            return Vec::new();
        }
        self.map()
            .into_iter()
            .filter(|(key, _)| !KNOWN_KEYS.contains(&key.as_str()))
            .collect()
    }

    /// The map as it is, for a JSON writer that copies it into its output
    /// (`data.json`).
    pub fn raw(&self) -> &serde_json::value::RawValue {
        // The text is a JSON object (see `json`): it always parses.
        serde_json::from_str(&self.json).unwrap_or_else(|_| {
            let empty: &serde_json::value::RawValue =
                serde_json::from_str("{}").expect("an empty object is JSON");
            empty
        })
    }
}

impl std::fmt::Debug for FrontMatter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.json)
    }
}

/// Serialises as the map, so that any format (pretty JSON for `shoshin
/// export` included) lays it out as it lays out the rest.
impl Serialize for FrontMatter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.map().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FrontMatter {
    /// Reads the map [`FrontMatter`]'s `Serialize` writes.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(FrontMatter::new(&Map::deserialize(deserializer)?))
    }
}

#[cfg(test)]
mod tests {
    use super::FrontMatter;
    use serde_json::{json, Map, Value};

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!("the tests give objects"),
        }
    }

    #[test]
    fn keeps_every_key_and_value_and_writes_what_serde_json_writes() {
        let written =
            map(json!({"id": "A-1", "tags": ["x", "<y>"], "budget": 1.5, "n": -3, "extra": {"k": null}}));
        let front_matter = FrontMatter::new(&written);
        assert_eq!(front_matter.map(), written);
        assert_eq!(front_matter.json(), serde_json::to_string(&written).unwrap());
        assert_eq!(front_matter.get("tags"), Some(json!(["x", "<y>"])));
        assert_eq!(front_matter.get("missing"), None);
        assert_eq!(
            serde_json::to_string(front_matter.raw()).unwrap(),
            front_matter.json()
        );
        // Pretty output lays the map out like any other.
        assert_eq!(
            serde_json::to_string_pretty(&front_matter).unwrap(),
            serde_json::to_string_pretty(&written).unwrap()
        );
    }

    #[test]
    fn tells_the_keys_shoshin_does_not_interpret() {
        let known = FrontMatter::new(&map(json!({"id": "A-1", "status": "ready"})));
        assert!(!known.has_other_keys());
        assert!(known.other_keys().is_empty());
        let other = FrontMatter::new(&map(json!({"id": "A-1", "component": "billing", "area": 2})));
        assert!(other.has_other_keys());
        assert_eq!(
            other.other_keys(),
            vec![
                ("component".to_string(), json!("billing")),
                ("area".to_string(), json!(2))
            ]
        );
    }
}

//! A page's template context, as a tree that borrows what every page
//! shares: the summaries of the records it lists and the site's globals.
//!
//! A record's page lists its children, dependants, sessions and mentions,
//! and the backlog, tag and person pages list thousands of records. Copying
//! each summary's JSON into every context that lists it was the largest
//! part of making contexts; a [`Node`] points at the summary instead, and
//! Tera gets the tree serialised, the same JSON the summaries always gave.

use super::views::{LinkView, Named, Summary};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use std::borrow::Cow;

/// One value of a context.
#[derive(Debug)]
pub enum Node<'a> {
    /// Owned JSON.
    Json(Value),
    /// JSON shared by every page, such as the site's title.
    Borrowed(&'a Value),
    /// A record's summary.
    Summary(&'a Summary),
    /// A list of summaries.
    Summaries(Vec<&'a Summary>),
    /// A reference to an id.
    Link(LinkView),
    /// References to ids.
    Links(Vec<LinkView>),
    /// A person.
    Person(Named),
    /// People.
    People(Vec<Named>),
    /// A list of nodes.
    List(Vec<Node<'a>>),
    /// An object: keys are unique, [`Node::insert`] replaces.
    Object(Entries<'a>),
    /// A summary's fields, with `entries` added to them or replacing them.
    Extended(&'a Summary, Entries<'a>),
}

/// The keys and values of an object of a context.
pub type Entries<'a> = Vec<(Cow<'a, str>, Node<'a>)>;

impl<'a> Node<'a> {
    /// An object of `entries`.
    pub fn object<const N: usize>(entries: [(&'a str, Node<'a>); N]) -> Node<'a> {
        Node::Object(entries.into_iter().map(|(k, v)| (Cow::Borrowed(k), v)).collect())
    }

    /// Sets `key` of an object (a summary extended, or a JSON object) to `value`.
    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, value: Node<'a>) {
        let key = key.into();
        match self {
            Node::Object(entries) | Node::Extended(_, entries) => {
                match entries.iter_mut().find(|(k, _)| *k == key) {
                    Some(entry) => entry.1 = value,
                    None => entries.push((key, value)),
                }
            }
            Node::Json(Value::Object(map)) => {
                map.insert(key.into_owned(), value.into_json());
            }
            _ => {}
        }
    }

    /// The value at `key` of an object, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node<'a>> {
        match self {
            Node::Object(entries) | Node::Extended(_, entries) => {
                entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
            }
            _ => None,
        }
    }

    /// The node as JSON. What is owned JSON already (a record's body as
    /// HTML, its SVG figure) is moved in, not copied: serialising the
    /// node whole would copy every string of it once more.
    pub fn into_json(self) -> Value {
        match self {
            Node::Json(value) => value,
            Node::Borrowed(value) => value.clone(),
            Node::List(list) => Value::Array(list.into_iter().map(Node::into_json).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(key, node)| (key.into_owned(), node.into_json()))
                    .collect(),
            ),
            Node::Extended(summary, entries) => {
                let mut fields = match serde_json::to_value(summary) {
                    Ok(Value::Object(fields)) => fields,
                    _ => serde_json::Map::new(),
                };
                for (key, node) in entries {
                    fields.insert(key.into_owned(), node.into_json());
                }
                Value::Object(fields)
            }
            other => serde_json::to_value(&other).unwrap_or_default(),
        }
    }
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Json(value) => value.serialize(serializer),
            Node::Borrowed(value) => value.serialize(serializer),
            Node::Summary(summary) => summary.serialize(serializer),
            Node::Summaries(list) => serializer.collect_seq(list),
            Node::Link(link) => link.serialize(serializer),
            Node::Links(list) => serializer.collect_seq(list),
            Node::Person(person) => person.serialize(serializer),
            Node::People(list) => serializer.collect_seq(list),
            Node::List(list) => serializer.collect_seq(list),
            Node::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, node) in entries {
                    map.serialize_entry(key, node)?;
                }
                map.end()
            }
            Node::Extended(summary, entries) => {
                let mut fields = match serde_json::to_value(summary) {
                    Ok(Value::Object(fields)) => fields,
                    _ => serde_json::Map::new(),
                };
                for (key, node) in entries {
                    let value = serde_json::to_value(node).map_err(serde::ser::Error::custom)?;
                    fields.insert(key.to_string(), value);
                }
                fields.serialize(serializer)
            }
        }
    }
}

/// What the function of a list page (see [`super::lists`]) is given: the
/// project, the views every page shares and the page's relative path to the
/// site root.
pub struct PageInput<'p, 'v> {
    /// The project being rendered.
    pub project: &'p crate::project::Project,
    /// Summaries of every record, people and tags, which the context may
    /// point into.
    pub views: &'v super::views::Views,
    /// `../` as many times as the page is deep.
    pub root: &'p str,
}

/// The `page` variable: the page's name (what templates and the menu know
/// it by) and its title.
pub fn page_value(name: &str, title: &str) -> Value {
    object([
        ("name", Value::String(name.to_string())),
        ("title", Value::String(title.to_string())),
    ])
}

/// A JSON object of `entries`, moved in: `json!` would copy every value that
/// is already JSON by serialising it again.
pub fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::render::views::Badge;
    use serde_json::json;

    fn named(name: &str) -> Named {
        Named {
            name: name.to_string(),
            url: format!("people/{name}/index.html"),
        }
    }

    /// A summary with every field set, and one with none.
    fn summaries() -> [Summary; 2] {
        let full = Summary {
            id: "PAY-1".into(),
            kind: Kind::Item,
            title: "Refunds <fast>".into(),
            url: "items/PAY-1/index.html".into(),
            status: Some("ready".into()),
            status_category: Some("ready"),
            date: Some("2026-01-02".into()),
            item_type: Some("story".into()),
            priority: Some(0),
            priority_label: Some("High".into()),
            estimate: Some("2.5".into()),
            owner: Some(named("ana")),
            tags: vec![named("payments"), named("q3")],
            superseded_by: vec![LinkView {
                id: "ADR-2".into(),
                exists: true,
                kind: Some(Kind::Decision),
                title: Some("New".into()),
                url: Some("decisions/ADR-2/index.html".into()),
                status: None,
                status_category: Some("accepted"),
            }],
            why: Some("Because.".into()),
            readiness: Some(Badge {
                verdict: "almost",
                label: "almost ready",
                score: 80,
            }),
        };
        let empty = Summary {
            id: "S-1".into(),
            kind: Kind::Session,
            title: String::new(),
            url: "sessions/S-1/index.html".into(),
            status: None,
            status_category: None,
            date: None,
            item_type: None,
            priority: None,
            priority_label: None,
            estimate: None,
            owner: None,
            tags: Vec::new(),
            superseded_by: Vec::new(),
            why: None,
            readiness: None,
        };
        [full, empty]
    }

    #[test]
    fn an_extended_summary_serialises_as_its_json_with_the_entries() {
        let [full, _] = summaries();
        let mut node = Node::Extended(
            &full,
            vec![(
                "readiness".into(),
                Node::Json(json!({"verdict": "ready", "rules": []})),
            )],
        );
        node.insert("body_html", Node::Json(json!("<p>x</p>")));
        node.insert("body_html", Node::Json(json!("<p>y</p>")));
        let mut expected = serde_json::to_value(&full).unwrap();
        expected["readiness"] = json!({"verdict": "ready", "rules": []});
        expected["body_html"] = json!("<p>y</p>");
        assert_eq!(node.into_json(), expected);
    }

    #[test]
    fn lists_and_objects_serialise_as_their_json() {
        let [full, empty] = summaries();
        let site = json!({"title": "Team"});
        let node = Node::object([
            ("records", Node::Summaries(vec![&full, &empty])),
            (
                "roles",
                Node::List(vec![Node::object([("role", Node::Json(json!("owner")))])]),
            ),
            ("site", Node::Borrowed(&site)),
            ("links", Node::Links(full.superseded_by.clone())),
            ("people", Node::People(full.tags.clone())),
            ("person", Node::Person(named("bo"))),
        ]);
        let expected = json!({
            "records": [serde_json::to_value(&full).unwrap(), serde_json::to_value(&empty).unwrap()],
            "roles": [{"role": "owner"}],
            "site": {"title": "Team"},
            "links": serde_json::to_value(&full.superseded_by).unwrap(),
            "people": serde_json::to_value(&full.tags).unwrap(),
            "person": {"name": "bo", "url": "people/bo/index.html"},
        });
        assert_eq!(node.into_json(), expected);
    }
}

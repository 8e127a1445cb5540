//! A page's template context, as a tree that borrows what every page
//! shares: the summaries of the records it lists and the site's globals.
//!
//! A record's page lists its children, dependants, sessions and mentions,
//! and the backlog, tag and person pages list thousands of records. Copying
//! each summary's JSON into every context that lists it was the largest
//! part of making contexts; a [`Node`] points at the summary instead. The
//! pages written in Rust (`native`) read the tree through [`View`]; Tera
//! gets it serialised, which is the same JSON the summaries always gave.

use super::views::{LinkView, Named, Summary};
use crate::readiness::site::Badge;
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

    /// The node as JSON.
    pub fn into_json(self) -> Value {
        match self {
            Node::Json(value) => value,
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

/// A value of a context, read as a template reads it: `at` is `value.key`,
/// `list` is `{% for x in value %}`, `truthy` is `{% if value %}`.
#[derive(Debug, Clone, Copy)]
pub enum View<'a> {
    /// Nothing: absent or null.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A string.
    Str(&'a str),
    /// JSON.
    Json(&'a Value),
    /// A node of a context.
    Node(&'a Node<'a>),
    /// A record's summary.
    Summary(&'a Summary),
    /// A person or a tag.
    Named(&'a Named),
    /// A reference to an id.
    Link(&'a LinkView),
    /// A readiness badge.
    Badge(&'a Badge),
    /// People or tags.
    NamedList(&'a [Named]),
    /// References.
    Links(&'a [LinkView]),
    /// A list made while writing a page.
    Many(&'a [View<'a>]),
}

fn optional(text: &Option<String>) -> View<'_> {
    text.as_deref().map_or(View::Null, View::Str)
}

fn optional_static(text: Option<&'static str>) -> View<'static> {
    text.map_or(View::Null, View::Str)
}

impl<'a> View<'a> {
    /// The same value, a node that is JSON, a summary, a link or a person
    /// read as such.
    fn resolve(self) -> View<'a> {
        match self {
            View::Node(node) => match node {
                Node::Json(value) => View::Json(value),
                Node::Borrowed(value) => View::Json(value),
                Node::Summary(summary) => View::Summary(summary),
                Node::Link(link) => View::Link(link),
                Node::Links(list) => View::Links(list),
                Node::Person(person) => View::Named(person),
                Node::People(list) => View::NamedList(list),
                Node::Summaries(_) | Node::List(_) | Node::Object(_) | Node::Extended(..) => self,
            },
            other => other,
        }
    }

    /// `self.key`, null when absent.
    pub fn at(self, key: &str) -> View<'a> {
        match self.resolve() {
            View::Json(value) => value.get(key).map_or(View::Null, View::Json),
            View::Node(Node::Object(entries)) => entry(entries, key).unwrap_or(View::Null),
            View::Node(Node::Extended(summary, entries)) => {
                entry(entries, key).unwrap_or_else(|| summary_field(summary, key))
            }
            View::Summary(s) => summary_field(s, key),
            View::Named(named) => match key {
                "name" => View::Str(&named.name),
                "url" => View::Str(&named.url),
                _ => View::Null,
            },
            View::Link(link) => match key {
                "id" => View::Str(&link.id),
                "exists" => View::Bool(link.exists),
                "kind" => optional_static(link.kind.map(|k| k.as_str())),
                "title" => optional(&link.title),
                "url" => optional(&link.url),
                "status" => optional(&link.status),
                "status_category" => optional_static(link.status_category),
                _ => View::Null,
            },
            View::Badge(badge) => match key {
                "verdict" => View::Str(badge.verdict),
                "label" => View::Str(badge.label),
                "score" => View::Int(i64::from(badge.score)),
                _ => View::Null,
            },
            _ => View::Null,
        }
    }

    /// The elements of a list (none for anything else).
    pub fn list(self) -> Vec<View<'a>> {
        match self.resolve() {
            View::Json(Value::Array(list)) => list.iter().map(View::Json).collect(),
            View::Node(Node::Summaries(list)) => list.iter().map(|s| View::Summary(s)).collect(),
            View::Node(Node::List(list)) => list.iter().map(View::Node).collect(),
            View::NamedList(list) => list.iter().map(View::Named).collect(),
            View::Links(list) => list.iter().map(View::Link).collect(),
            View::Many(list) => list.to_vec(),
            _ => Vec::new(),
        }
    }

    /// The number of elements of a list; `None` for anything else.
    fn list_len(self) -> Option<usize> {
        match self.resolve() {
            View::Json(Value::Array(list)) => Some(list.len()),
            View::Node(Node::Summaries(list)) => Some(list.len()),
            View::Node(Node::List(list)) => Some(list.len()),
            View::NamedList(list) => Some(list.len()),
            View::Links(list) => Some(list.len()),
            View::Many(list) => Some(list.len()),
            _ => None,
        }
    }

    /// Whether `{% if self %}` holds, as Tera decides it.
    pub fn truthy(self) -> bool {
        match self.resolve() {
            View::Null => false,
            View::Bool(b) => b,
            View::Int(n) => n != 0,
            View::Str(s) => !s.is_empty(),
            View::Json(value) => json_truthy(value),
            View::Node(Node::Object(entries)) => !entries.is_empty(),
            other => other.list_len().is_none_or(|len| len > 0),
        }
    }

    /// Whether this is an object (a map of keys), as Tera's `is object` says.
    pub fn is_object(self) -> bool {
        match self.resolve() {
            View::Json(value) => value.is_object(),
            View::Node(Node::Object(_) | Node::Extended(..))
            | View::Summary(_)
            | View::Named(_)
            | View::Link(_)
            | View::Badge(_) => true,
            _ => false,
        }
    }

    /// Whether this is a number, as Tera's `is number` says.
    pub fn is_number(self) -> bool {
        match self.resolve() {
            View::Int(_) => true,
            View::Json(value) => value.is_number(),
            _ => false,
        }
    }

    /// The string, if this is one.
    pub fn as_str(self) -> Option<&'a str> {
        match self.resolve() {
            View::Str(s) => Some(s),
            View::Json(value) => value.as_str(),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(self) -> Option<bool> {
        match self.resolve() {
            View::Bool(b) => Some(b),
            View::Json(value) => value.as_bool(),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(self) -> Option<f64> {
        match self.resolve() {
            View::Int(n) => Some(n as f64),
            View::Json(value) => value.as_f64(),
            _ => None,
        }
    }

    /// The value as Tera prints it, before escaping: a number or boolean as
    /// Rust writes it, null as nothing, a list as `[a, b]`, an object as
    /// `[object]`.
    pub fn tera_string(self) -> String {
        match self.resolve() {
            View::Null => String::new(),
            View::Bool(b) => b.to_string(),
            View::Int(n) => n.to_string(),
            View::Str(s) => s.to_string(),
            View::Json(value) => json_tera_string(value),
            list if list.list_len().is_some() => format!(
                "[{}]",
                list.list()
                    .into_iter()
                    .map(View::tera_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => "[object]".to_string(),
        }
    }
}

fn entry<'a>(entries: &'a [(Cow<'a, str>, Node<'a>)], key: &str) -> Option<View<'a>> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| View::Node(v))
}

/// A summary's field, as it serialises.
fn summary_field<'a>(s: &'a Summary, key: &str) -> View<'a> {
    match key {
        "id" => View::Str(&s.id),
        "kind" => View::Str(s.kind.as_str()),
        "title" => View::Str(&s.title),
        "url" => View::Str(&s.url),
        "status" => optional(&s.status),
        "status_category" => optional_static(s.status_category),
        "date" => optional(&s.date),
        "type" => optional(&s.item_type),
        "priority" => s.priority.map_or(View::Null, View::Int),
        "priority_label" => optional(&s.priority_label),
        "estimate" => optional(&s.estimate),
        "owner" => s.owner.as_ref().map_or(View::Null, View::Named),
        "tags" => View::NamedList(&s.tags),
        "superseded_by" => View::Links(&s.superseded_by),
        "why" => optional(&s.why),
        "readiness" => s.readiness.as_ref().map_or(View::Null, View::Badge),
        _ => View::Null,
    }
}

fn json_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(list) => !list.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

fn json_tera_string(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (None, None, Some(f)) => f.to_string(),
            _ => n.to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Array(list) => format!(
            "[{}]",
            list.iter().map(json_tera_string).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(_) => "[object]".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
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

    /// What a template can tell of a value.
    fn seen(view: View) -> (String, bool, bool, bool, Option<String>, usize) {
        (
            view.tera_string(),
            view.truthy(),
            view.is_object(),
            view.is_number(),
            view.as_str().map(str::to_string),
            view.list().len(),
        )
    }

    const KEYS: [&str; 21] = [
        "id",
        "kind",
        "title",
        "url",
        "status",
        "status_category",
        "date",
        "type",
        "priority",
        "priority_label",
        "estimate",
        "owner",
        "tags",
        "superseded_by",
        "why",
        "readiness",
        "exists",
        "name",
        "verdict",
        "score",
        "label",
    ];

    /// Every key, and every key of what it holds, reads the same in both.
    fn assert_same(typed: View, json: View, path: &str) {
        assert_eq!(seen(typed), seen(json), "{path}");
        for key in KEYS {
            let (t, j) = (typed.at(key), json.at(key));
            assert_eq!(seen(t), seen(j), "{path}.{key}");
            for (n, (t, j)) in t.list().into_iter().zip(j.list()).enumerate() {
                assert_same(t, j, &format!("{path}.{key}[{n}]"));
            }
            if t.is_object() {
                for inner in KEYS {
                    assert_eq!(seen(t.at(inner)), seen(j.at(inner)), "{path}.{key}.{inner}");
                }
            }
        }
    }

    #[test]
    fn a_summary_reads_as_its_json() {
        for summary in summaries() {
            let json = serde_json::to_value(&summary).unwrap();
            assert_same(View::Summary(&summary), View::Json(&json), &summary.id);
        }
    }

    #[test]
    fn an_extended_summary_reads_and_serialises_as_its_json_with_the_entries() {
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
        let view = View::Node(&node);
        assert_eq!(view.at("title").as_str(), Some("Refunds <fast>"));
        assert_eq!(view.at("body_html").as_str(), Some("<p>y</p>"));
        assert_eq!(view.at("readiness").at("verdict").as_str(), Some("ready"));

        let mut expected = serde_json::to_value(&full).unwrap();
        expected["readiness"] = json!({"verdict": "ready", "rules": []});
        expected["body_html"] = json!("<p>y</p>");
        let json = node.into_json();
        assert_eq!(json, expected);
    }

    #[test]
    fn lists_and_objects_read_as_their_json() {
        let [full, empty] = summaries();
        let site = json!({"title": "Team"});
        let node = Node::object([
            ("records", Node::Summaries(vec![&full, &empty])),
            ("none", Node::Summaries(Vec::new())),
            (
                "roles",
                Node::List(vec![Node::object([("role", Node::Json(json!("owner")))])]),
            ),
            ("site", Node::Borrowed(&site)),
            ("empty", Node::Object(Vec::new())),
            ("links", Node::Links(full.superseded_by.clone())),
            ("no_links", Node::Links(Vec::new())),
            ("link", Node::Link(full.superseded_by[0].clone())),
            ("people", Node::People(full.tags.clone())),
            ("person", Node::Person(named("bo"))),
        ]);
        let json = serde_json::to_value(&node).unwrap();
        assert_same(View::Node(&node), View::Json(&json), "context");
        for key in [
            "records", "none", "roles", "site", "empty", "links", "no_links", "link", "people", "person",
        ] {
            assert_same(View::Node(&node).at(key), View::Json(&json).at(key), key);
        }
        assert_eq!(View::Node(&node).at("records").list().len(), 2);
        assert_eq!(
            View::Node(&node).at("roles").list()[0].at("role").as_str(),
            Some("owner")
        );
    }
}

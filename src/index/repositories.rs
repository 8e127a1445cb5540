//! The repositories of a portal, as the index knows them: each record's
//! repository, and the one rule that turns an id written in a repository
//! into the qualified id (`NAME:ID`) the portal's index holds.
//!
//! Inside a repository ids are written as they are; across repositories
//! as `NAME:ID`. An unqualified id names a record of its own repository
//! first; when its own has none and exactly one other repository has it,
//! that one. A single records repository has no [`Repositories`] and none
//! of this applies.

use crate::config::Config;
use crate::model::Record;
use crate::parse::ids::split_qualified;
use rustc_hash::FxHashMap;

/// The repositories of a portal, in the order `shoshin.yaml` lists them.
#[derive(Debug, Clone, Default)]
pub struct Repositories {
    /// Each repository's name.
    pub names: Vec<String>,
    /// Each repository's title on the portal.
    pub titles: Vec<String>,
    /// Per record of the index: its repository.
    pub of_record: Vec<usize>,
    /// Per id inside a repository: the repositories holding a record with
    /// it, so that an id in prose that is no record's (a ticket key) is
    /// not looked up in every repository.
    holders: FxHashMap<String, Vec<usize>>,
}

impl Repositories {
    /// The repositories of a portal's configuration, when every record's id
    /// is qualified with the name of one of them (as a portal's records
    /// are); `None` otherwise, for a single repository.
    pub fn of(config: &Config, records: &[Record]) -> Option<Box<Repositories>> {
        if config.repositories.is_empty() {
            return None;
        }
        let names: Vec<String> = config.repositories.iter().map(|r| r.name.clone()).collect();
        let of_record = records
            .iter()
            .map(|record| {
                let (name, _) = split_qualified(&record.id)?;
                names.iter().position(|n| n == name)
            })
            .collect::<Option<Vec<usize>>>()?;
        let titles = config
            .repositories
            .iter()
            .map(|r| r.title.clone().unwrap_or_else(|| r.name.clone()))
            .collect();
        let mut holders: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (record, &r) in records.iter().zip(&of_record) {
            let holding = holders.entry(local_id(&record.id).to_string()).or_default();
            if !holding.contains(&r) {
                holding.push(r);
            }
        }
        Some(Box::new(Repositories {
            names,
            titles,
            of_record,
            holders,
        }))
    }

    /// The repository whose record the unqualified `id`, written in
    /// repository `own`, names: [`qualify`]'s rule, read from the index.
    pub fn holder(&self, own: usize, id: &str) -> Option<usize> {
        match self.holders.get(id)?.as_slice() {
            holding if holding.contains(&own) => Some(own),
            [only] => Some(*only),
            _ => None,
        }
    }

    /// The position of the repository named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The name of record `i`'s repository.
    pub fn name_of(&self, i: usize) -> &str {
        &self.names[self.of_record[i]]
    }
}

/// The id inside its repository of a qualified id (`ADR-0007` of
/// `payments:ADR-0007`); the id itself when it is not qualified.
pub fn local_id(id: &str) -> &str {
    split_qualified(id).map_or(id, |(_, local)| local)
}

/// The qualified id that `target`, written in repository `own` (of
/// `names`), names. `has(repository, id)` tells whether a repository holds
/// a record with that id. A target qualified with a name of no repository
/// is returned as written (the check names the unknown repository).
pub fn qualify(target: &str, own: usize, names: &[String], has: impl Fn(usize, &str) -> bool) -> String {
    if let Some((name, _)) = split_qualified(target) {
        // An id that holds a colon of its own (`a:b` in its repository)
        // is still that record.
        if !has(own, target) || names.iter().any(|n| n == name) {
            return target.to_string();
        }
    }
    if !has(own, target) {
        let mut others = (0..names.len()).filter(|&r| r != own && has(r, target));
        if let (Some(only), None) = (others.next(), others.next()) {
            return format!("{}:{target}", names[only]);
        }
    }
    format!("{}:{target}", names[own])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_resolve_in_their_own_repository_first() {
        let names = vec!["payments".to_string(), "platform".to_string()];
        let ids = [vec!["ADR-1", "PAY-1"], vec!["ADR-1", "ADR-31"]];
        let has = |r: usize, id: &str| ids[r].contains(&id);
        assert_eq!(qualify("ADR-1", 0, &names, has), "payments:ADR-1");
        assert_eq!(qualify("ADR-31", 0, &names, has), "platform:ADR-31");
        assert_eq!(qualify("platform:ADR-1", 0, &names, has), "platform:ADR-1");
        assert_eq!(qualify("ADR-99", 0, &names, has), "payments:ADR-99");
        assert_eq!(qualify("paymnts:ADR-1", 1, &names, has), "paymnts:ADR-1");
        assert_eq!(local_id("platform:ADR-1"), "ADR-1");
    }

    #[test]
    fn the_holder_of_an_id_follows_the_rule() {
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let ids = [vec!["X-1", "X-2"], vec!["X-2", "X-3"], vec!["X-3", "X-4"]];
        let mut holders: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (r, held) in ids.iter().enumerate() {
            for id in held {
                holders.entry(id.to_string()).or_default().push(r);
            }
        }
        let repositories = Repositories {
            names: names.clone(),
            titles: names.clone(),
            of_record: Vec::new(),
            holders,
        };
        for own in 0..names.len() {
            for id in ["X-1", "X-2", "X-3", "X-4", "PAY-1"] {
                let has = |r: usize, id: &str| ids[r].contains(&id);
                let qualified = qualify(id, own, &names, has);
                let named = split_qualified(&qualified).and_then(|(name, local)| {
                    let r = names.iter().position(|n| n == name)?;
                    ids[r].contains(&local).then_some(r)
                });
                assert_eq!(repositories.holder(own, id), named, "{id} written in {own}");
            }
        }
        assert_eq!(repositories.holder(0, "X-3"), None, "two others hold it");
        assert_eq!(repositories.holder(0, "X-4"), Some(2));
    }
}

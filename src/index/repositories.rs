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
    /// Which repositories hold each id.
    pub holders: Holders,
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
        let holders = Holders::of(
            records
                .iter()
                .zip(&of_record)
                .map(|(record, &r)| (local_id(&record.id), r)),
        );
        Some(Box::new(Repositories {
            names,
            titles,
            of_record,
            holders,
        }))
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

/// Per id inside a repository (`ADR-0007`), the repositories holding a
/// record with it: what the one rule of the portal's ids reads, so that
/// an id no repository holds (a ticket key in prose) costs one look-up,
/// not one per repository.
#[derive(Debug, Clone, Default)]
pub struct Holders(FxHashMap<String, Vec<usize>>);

impl Holders {
    /// From each record's id inside its repository, with that repository.
    pub fn of<'a>(ids: impl Iterator<Item = (&'a str, usize)>) -> Holders {
        let mut holders: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (id, r) in ids {
            let holding = holders.entry(id.to_string()).or_default();
            if !holding.contains(&r) {
                holding.push(r);
            }
        }
        Holders(holders)
    }

    /// True when repository `r` holds a record with the id `id`.
    pub fn holds(&self, r: usize, id: &str) -> bool {
        self.0.get(id).is_some_and(|holding| holding.contains(&r))
    }

    /// The repository whose record the unqualified `id`, written in
    /// repository `own`, names: its own when it holds one, else the only
    /// other one that does; `None` when none or several others do.
    pub fn holder(&self, own: usize, id: &str) -> Option<usize> {
        match self.0.get(id)?.as_slice() {
            holding if holding.contains(&own) => Some(own),
            [only] => Some(*only),
            _ => None,
        }
    }

    /// The qualified id that `target`, written in repository `own` (of
    /// `names`), names. A target qualified with a name of no repository is
    /// returned as written (the check names the unknown repository).
    pub fn qualify(&self, target: &str, own: usize, names: &[String]) -> String {
        if let Some((name, _)) = split_qualified(target) {
            // An id that holds a colon of its own (`a:b` in its repository)
            // is still that record.
            if !self.holds(own, target) || names.iter().any(|n| n == name) {
                return target.to_string();
            }
        }
        let r = self.holder(own, target).unwrap_or(own);
        format!("{}:{target}", names[r])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The holders of `ids`, the ids of each repository in turn.
    fn holders(ids: &[Vec<&'static str>]) -> Holders {
        let each = ids.iter().enumerate();
        Holders::of(each.flat_map(|(r, held)| held.iter().map(move |id| (*id, r))))
    }

    #[test]
    fn ids_resolve_in_their_own_repository_first() {
        let names = vec!["payments".to_string(), "platform".to_string()];
        let holders = holders(&[vec!["ADR-1", "PAY-1"], vec!["ADR-1", "ADR-31"]]);
        assert_eq!(holders.qualify("ADR-1", 0, &names), "payments:ADR-1");
        assert_eq!(holders.qualify("ADR-31", 0, &names), "platform:ADR-31");
        assert_eq!(holders.qualify("platform:ADR-1", 0, &names), "platform:ADR-1");
        assert_eq!(holders.qualify("ADR-99", 0, &names), "payments:ADR-99");
        assert_eq!(holders.qualify("paymnts:ADR-1", 1, &names), "paymnts:ADR-1");
        assert_eq!(local_id("platform:ADR-1"), "ADR-1");
    }

    #[test]
    fn the_holder_of_an_id_follows_the_rule() {
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let ids = [vec!["X-1", "X-2"], vec!["X-2", "X-3"], vec!["X-3", "X-4"]];
        let holders = holders(&ids);
        for own in 0..names.len() {
            for id in ["X-1", "X-2", "X-3", "X-4", "PAY-1"] {
                let qualified = holders.qualify(id, own, &names);
                let named = split_qualified(&qualified).and_then(|(name, local)| {
                    let r = names.iter().position(|n| n == name)?;
                    ids[r].contains(&local).then_some(r)
                });
                assert_eq!(holders.holder(own, id), named, "{id} written in {own}");
            }
        }
        assert_eq!(holders.holder(0, "X-3"), None, "two others hold it");
        assert_eq!(holders.holder(0, "X-4"), Some(2));
        assert!(holders.holds(1, "X-3") && !holders.holds(0, "X-3"));
    }
}

//! Ledger events leave through a transactional outbox (ADR-0013): the event
//! row is written in the same transaction as the journal entry.

pub fn enqueue(entry_id: u64) -> String {
    format!("insert into outbox (entry_id) values ({entry_id})")
}

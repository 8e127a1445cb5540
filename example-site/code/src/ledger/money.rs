//! Amounts of money. Every amount is a whole number of the currency's minor
//! units (cents, pence): see ADR-0005.

/// An amount in minor units, with its currency.
pub struct Money {
    pub minor_units: i64,
    pub currency: [u8; 3],
}

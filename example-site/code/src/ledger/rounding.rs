//! Currency conversion rounds once, half to even (ADR-0012), so that the
//! ledger's totals match the bank's statements.

use super::money::Money;

/// Converts `amount` at `rate`, rounding half to even at the very end.
pub fn convert(amount: &Money, rate: f64, to: [u8; 3]) -> Money {
    let _label = "ADR-0012"; // an id in a string is no citation
    let exact = amount.minor_units as f64 * rate;
    Money { minor_units: exact.round_ties_even() as i64, currency: to }
}

//! `--timings`: how long each stage of the pipeline took, printed on
//! standard error after the command, to see where a slow `check` or `build`
//! spends its time without a profiler.
//!
//! Stages mark themselves with [`phase`]; nothing is recorded unless the
//! command line asked for it ([`enable`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static RECORDED: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Starts recording the phases of this run.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// A phase being timed: it is recorded when dropped.
pub struct Phase {
    name: &'static str,
    started: Instant,
}

impl Drop for Phase {
    fn drop(&mut self) {
        if ENABLED.load(Ordering::Relaxed) {
            let mut recorded = RECORDED.lock().unwrap_or_else(|e| e.into_inner());
            recorded.push((self.name, self.started.elapsed()));
        }
    }
}

/// Times the phase `name` until the returned guard is dropped.
pub fn phase(name: &'static str) -> Phase {
    Phase {
        name,
        started: Instant::now(),
    }
}

/// The phases recorded so far, in the order they ended, as a table; empty
/// when nothing was recorded.
pub fn report() -> String {
    let recorded = RECORDED.lock().unwrap_or_else(|e| e.into_inner());
    let width = recorded.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (name, took) in recorded.iter() {
        out.push_str(&format!(
            "  {name:<width$}  {:>8.1} ms\n",
            took.as_secs_f64() * 1000.0
        ));
    }
    if !out.is_empty() {
        out.insert_str(0, "timings:\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_are_reported_in_the_order_they_end_once_enabled() {
        drop(phase("before enabling"));
        enable();
        {
            let _outer = phase("outer stage");
            drop(phase("inner"));
        }
        let report = report();
        assert!(!report.contains("before enabling"), "{report}");
        let inner = report.find("  inner ").expect("inner is reported");
        let outer = report.find("  outer stage ").expect("outer is reported");
        assert!(report.starts_with("timings:\n") && inner < outer, "{report}");
        assert!(report.lines().skip(1).all(|l| l.ends_with(" ms")), "{report}");
    }
}

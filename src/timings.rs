//! `--timings`: how long each stage of the pipeline took, and the peak
//! memory of the process when it ended (on Linux), printed on standard error
//! after the command, to see where a slow or large `check` or `build` spends
//! its time and memory without a profiler.
//!
//! Stages mark themselves with [`phase`]; nothing is recorded unless the
//! command line asked for it ([`enable`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static RECORDED: Mutex<Vec<(&'static str, Duration, Option<u64>)>> = Mutex::new(Vec::new());
static NOTES: Mutex<Vec<String>> = Mutex::new(Vec::new());

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
            recorded.push((self.name, self.started.elapsed(), peak_memory_kb()));
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

/// Notes a fact about this run, shown under the phases (what the caches
/// gave, for instance); made only when the command line asked for timings.
pub fn note(fact: impl FnOnce() -> String) {
    if ENABLED.load(Ordering::Relaxed) {
        NOTES.lock().unwrap_or_else(|e| e.into_inner()).push(fact());
    }
}

/// The phases recorded so far, in the order they ended, as a table, then the
/// notes; empty when nothing was recorded.
pub fn report() -> String {
    let recorded = RECORDED.lock().unwrap_or_else(|e| e.into_inner());
    let width = recorded.iter().map(|(name, _, _)| name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (name, took, peak) in recorded.iter() {
        let peak = peak.map(|kb| format!("  {:>7.1} MB peak", kb as f64 / 1024.0));
        out.push_str(&format!(
            "  {name:<width$}  {:>8.1} ms{}\n",
            took.as_secs_f64() * 1000.0,
            peak.unwrap_or_default()
        ));
    }
    for fact in NOTES.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        out.push_str(&format!("  {fact}\n"));
    }
    if !out.is_empty() {
        out.insert_str(0, "timings:\n");
    }
    out
}

/// The process's peak resident memory so far, in kB (Linux only).
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_are_reported_in_the_order_they_end_once_enabled() {
        drop(phase("before enabling"));
        note(|| "noted before enabling".into());
        enable();
        note(|| "history cache: 3 of 4 commits kept".into());
        {
            let _outer = phase("outer stage");
            drop(phase("inner"));
        }
        let report = report();
        assert!(!report.contains("before enabling"), "{report}");
        // Other tests run beside this one and may add phases and notes.
        let lines: Vec<&str> = report.lines().collect();
        let noted = lines
            .iter()
            .position(|l| *l == "  history cache: 3 of 4 commits kept")
            .expect("the note is reported");
        let inner = report.find("  inner ").expect("inner is reported");
        let outer = report.find("  outer stage ").expect("outer is reported");
        assert!(report.starts_with("timings:\n") && inner < outer, "{report}");
        let ends = |l: &str| l.ends_with(" ms") || l.ends_with(" MB peak");
        assert!(lines[1..noted].iter().all(|l| ends(l)), "{report}");
        assert!(lines[noted..].iter().all(|l| !ends(l)), "{report}");
    }
}

//! How much shoshin says on standard error, and whether in colour: the
//! global `--color`, `--quiet` and `--verbose` flags, set once by the
//! command line and read by whatever prints.
//!
//! Standard output carries results (a path, JSON, GitHub commands) and is
//! never silenced; these settings only shape the messages meant for people.

use std::sync::atomic::{AtomicU8, Ordering};

/// `--color`: when messages on standard error are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Color {
    /// When standard error is a terminal and `NO_COLOR` is unset or empty.
    #[default]
    Auto,
    /// Always, even into a file or a pipe, and whatever `NO_COLOR` says.
    Always,
    /// Never.
    Never,
}

/// How much is said: `--quiet`, nothing, or `--verbose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Only errors.
    Quiet,
    /// Problems, and a line saying what was done.
    #[default]
    Normal,
    /// Also how many records of each kind were read, how long each stage
    /// took and what the caches gave (as `--timings`).
    Verbose,
}

/// The settings, packed in one byte: colour in the low bits, verbosity above.
static SETTINGS: AtomicU8 = AtomicU8::new(pack(Color::Auto, Verbosity::Normal));

const fn pack(color: Color, verbosity: Verbosity) -> u8 {
    let color = match color {
        Color::Auto => 0,
        Color::Always => 1,
        Color::Never => 2,
    };
    let verbosity = match verbosity {
        Verbosity::Quiet => 0,
        Verbosity::Normal => 1,
        Verbosity::Verbose => 2,
    };
    color | (verbosity << 2)
}

/// Sets the choices of the command line, once, before the command runs.
pub fn set(color: Color, verbosity: Verbosity) {
    SETTINGS.store(pack(color, verbosity), Ordering::Relaxed);
}

/// The settings packed by [`pack`].
fn unpack(byte: u8) -> (Color, Verbosity) {
    let color = match byte & 0b11 {
        1 => Color::Always,
        2 => Color::Never,
        _ => Color::Auto,
    };
    let verbosity = match byte >> 2 {
        0 => Verbosity::Quiet,
        2 => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    (color, verbosity)
}

fn color() -> Color {
    unpack(SETTINGS.load(Ordering::Relaxed)).0
}

fn verbosity() -> Verbosity {
    unpack(SETTINGS.load(Ordering::Relaxed)).1
}

/// True with `--quiet`: say nothing but errors.
pub fn quiet() -> bool {
    verbosity() == Verbosity::Quiet
}

/// True with `--verbose`.
pub fn verbose() -> bool {
    verbosity() == Verbosity::Verbose
}

/// Whether messages on standard error should be coloured now.
pub fn color_on_stderr() -> bool {
    use std::io::IsTerminal;
    colored(
        color(),
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR"),
    )
}

/// The rule of <https://no-color.org>: `NO_COLOR` set to anything but the
/// empty string turns colour off, unless the command line asks for it.
fn colored(choice: Color, terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && no_color.is_none_or(|value| value.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_turns_auto_off_but_not_an_explicit_always() {
        let set = Some("1".into());
        assert!(colored(Color::Auto, true, None));
        assert!(
            colored(Color::Auto, true, Some("".into())),
            "an empty NO_COLOR counts as unset"
        );
        assert!(!colored(Color::Auto, true, set.clone()));
        assert!(!colored(Color::Auto, false, None), "not a terminal");
        assert!(colored(Color::Always, false, set.clone()));
        assert!(!colored(Color::Never, true, None));
    }

    #[test]
    fn each_setting_reads_back_as_set() {
        for color in [Color::Auto, Color::Always, Color::Never] {
            for verbosity in [Verbosity::Quiet, Verbosity::Normal, Verbosity::Verbose] {
                assert_eq!(unpack(pack(color, verbosity)), (color, verbosity));
            }
        }
    }
}

//! `shoshin export`: the whole model as JSON on standard output.

use super::OK;
use crate::project::Project;
use anyhow::Result;
use std::io::Write;
use std::path::Path;

/// Prints the model of the records repository at `root`.
pub fn run(root: &Path) -> Result<u8> {
    let project = crate::portal::open(root)?;
    warn_of_few_records(&project);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &crate::export::Model(&project))?;
    writeln!(out)?;
    out.flush()?;
    Ok(OK)
}

/// `export` prints no diagnostics, but an export with no or few records is
/// explained on standard error, so an empty model is never silent.
fn warn_of_few_records(project: &Project) {
    if crate::terminal::quiet() {
        return;
    }
    let code = crate::diagnostic::Code::FewRecords;
    for d in project.diagnostics.iter().filter(|d| d.code == code) {
        eprintln!("warning[{code}]: {}", d.message);
        if let Some(help) = &d.help {
            eprintln!("  = help: {help}");
        }
    }
}

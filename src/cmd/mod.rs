//! One file per subcommand: each glues pipeline stages together and presents the result; no
//! business logic lives here.

pub mod check;
pub mod explain;
pub mod init;
pub mod plan;
pub mod report;
pub mod run;
pub mod schema;

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress spinner on a terminal; hidden when stderr is not a terminal or with `--quiet`.
pub fn progress(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

//! A real browser for the tests: headless Chromium renders an HTML page to a PNG screenshot or
//! prints it to PDF as a reader's browser would, and poppler's `pdfinfo` / `pdftotext` read the PDF.
//!
//! Needs Chromium (Debian: chromium-headless-shell) and poppler-utils. Without them a test says so
//! and passes, unless KPIBOOK_REQUIRE_BROWSER is set, as `.ci/run` sets it: there a missing browser
//! fails.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Debian's headless-only build, tried first; then the full browsers on PATH.
const HEADLESS_SHELL: &str = "/usr/bin/chromium-headless-shell";
const ON_PATH: [&str; 4] = [
    "chromium-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
];

/// What provides them on Debian (`.ci/run` installs these).
const PACKAGES: &str = "chromium-headless-shell poppler-utils fonts-ipafont-gothic";

/// How long the page may run its timers before it is captured (no page of ours has any; this
/// bounds a page that would otherwise never settle).
const VIRTUAL_TIME_BUDGET_MS: u32 = 5000;
/// A browser that has not finished by then is stopped and the test fails.
const TIMEOUT: Duration = Duration::from_secs(90);

/// The Chromium to run, if this machine has one.
pub fn find_chromium() -> Option<PathBuf> {
    let shell = PathBuf::from(HEADLESS_SHELL);
    if shell.is_file() {
        return Some(shell);
    }
    let path = std::env::var_os("PATH")?;
    ON_PATH.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// Whether the browser tests can run here: Chromium and poppler's tools are installed. When not,
/// the reason is printed and the caller skips its test; with KPIBOOK_REQUIRE_BROWSER set, it fails.
pub fn browser_available() -> bool {
    let mut missing = Vec::new();
    if find_chromium().is_none() {
        missing
            .push("Chromium (chromium-headless-shell, chromium, chromium-browser, google-chrome)");
    }
    for tool in ["pdfinfo", "pdftotext"] {
        if Command::new(tool).arg("-v").output().is_err() {
            missing.push(tool);
        }
    }
    if missing.is_empty() {
        return true;
    }
    let missing = missing.join(", ");
    assert!(
        std::env::var_os("KPIBOOK_REQUIRE_BROWSER").is_none(),
        "a browser is required here; not found: {missing} (Debian packages: {PACKAGES})"
    );
    eprintln!("not found: {missing} (Debian packages: {PACKAGES}); no page rendered in a browser");
    false
}

/// A screenshot of `html` in a window `width` x `height` CSS pixels, written to `png_out`.
pub fn screenshot(html: &Path, width: u32, height: u32, png_out: &Path) {
    let png_out = absolute(png_out);
    run_chromium(
        html,
        &[
            "--hide-scrollbars".to_string(),
            format!("--window-size={width},{height}"),
            format!("--screenshot={}", png_out.display()),
        ],
        &png_out,
    );
}

/// `html` printed to PDF (`pdf_out`) as the browser prints it: the page's own `@page` size and
/// margins, without the browser's header and footer.
pub fn print_pdf(html: &Path, pdf_out: &Path) {
    let pdf_out = absolute(pdf_out);
    run_chromium(
        html,
        &[
            "--no-pdf-header-footer".to_string(),
            format!("--print-to-pdf={}", pdf_out.display()),
        ],
        &pdf_out,
    );
}

/// The size of each page of `pdf`, in points (width, height), as `pdfinfo` reports it.
pub fn pdf_pages(pdf: &Path) -> Vec<(f64, f64)> {
    let output = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "99999"])
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    assert!(
        output.status.success(),
        "pdfinfo {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    page_sizes(&String::from_utf8_lossy(&output.stdout))
}

/// The sizes in `pdfinfo`'s report: from lines `Page    1 size: 841.92 x 594.96 pts (A4)`.
fn page_sizes(report: &str) -> Vec<(f64, f64)> {
    report
        .lines()
        .filter(|line| line.starts_with("Page"))
        .filter_map(|line| line.split_once(" size:"))
        .map(|(_, size)| {
            let words: Vec<&str> = size.split_whitespace().collect();
            match words.as_slice() {
                [w, "x", h, "pts", ..] => (
                    w.parse().expect("a page width"),
                    h.parse().expect("a page height"),
                ),
                _ => panic!("a page size pdfinfo did not write as expected: {size}"),
            }
        })
        .collect()
}

/// The text of `pdf` in reading order (`pdftotext -layout`).
pub fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// The width and height of a PNG image, from its header (the IHDR chunk that opens every PNG).
pub fn png_size(png: &Path) -> (u32, u32) {
    let bytes = std::fs::read(png).expect("the screenshot is readable");
    assert!(
        bytes.len() >= 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR",
        "{} is not a PNG",
        png.display()
    );
    let number =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (number(16), number(20))
}

/// Runs headless Chromium on `html` with `extra` flags, in a fresh profile that is thrown away
/// afterwards, and checks that it wrote `produced`.
fn run_chromium(html: &Path, extra: &[String], produced: &Path) {
    let chromium = find_chromium().expect("Chromium is installed (check browser_available first)");
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let log_path = scratch.path().join("chromium.log");
    let log = File::create(&log_path).expect("a log file");
    let _ = std::fs::remove_file(produced);
    let mut child = Command::new(&chromium)
        .args([
            "--headless",
            // Root in a container has no sandbox to enter.
            "--no-sandbox",
            "--disable-gpu",
            // A container's /dev/shm is often too small for the renderer.
            "--disable-dev-shm-usage",
            "--no-first-run",
        ])
        .arg(format!(
            "--user-data-dir={}",
            scratch.path().join("profile").display()
        ))
        .arg(format!("--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}"))
        .args(extra)
        .arg(file_url(html))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("{} runs: {e}", chromium.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the browser's status") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} did not finish in {TIMEOUT:?}", chromium.display());
        }
        sleep(Duration::from_millis(50));
    };
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    assert!(
        status.success(),
        "{} failed ({status}):\n{log}",
        chromium.display()
    );
    assert!(
        produced.is_file(),
        "{} wrote no {}:\n{log}",
        chromium.display(),
        produced.display()
    );
}

/// `path` made absolute against the current folder (the browser writes relative to its own).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).expect("an absolute path")
}

/// The `file://` URL of a local file, its path percent-encoded.
fn file_url(path: &Path) -> String {
    let path = path.canonicalize().expect("the page exists");
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_are_read_from_pdfinfo_s_report() {
        let report = "Pages:           2\n\
                      Page    1 size:  841.92 x 594.96 pts (A4)\n\
                      Page    1 rot:   0\n\
                      Page    2 size: 595 x 842 pts\n\
                      File size:       37204 bytes\n";
        assert_eq!(page_sizes(report), [(841.92, 594.96), (595.0, 842.0)]);
    }

    #[test]
    fn a_file_url_encodes_what_a_url_cannot_hold() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a page #1.html");
        std::fs::write(&page, "").unwrap();
        let url = file_url(&page);
        assert!(url.starts_with("file:///"), "{url}");
        assert!(url.ends_with("/a%20page%20%231.html"), "{url}");
    }
}

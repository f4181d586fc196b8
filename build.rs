//! Builds the list of the export profiles shipped in `templates/profiles/` into the binary, so a new
//! export is one new file there and nothing else (SPEC section 9).

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let dir = Path::new("templates/profiles");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("templates/profiles is readable")
        .map(|entry| entry.expect("a profile directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    // Sorted, so the same sources build the same list on every machine.
    files.sort();
    let mut code = String::from(
        "/// The built-in export profiles: (file name, contents), sorted by file name.\n\
         pub const BUILT_IN_PROFILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().expect("a file name").to_string_lossy();
        let absolute = fs::canonicalize(path).expect("a profile path");
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            absolute.display()
        )
        .expect("writing to a String");
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("profiles.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

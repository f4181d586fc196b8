//! The import graph of `src/`: no module imports one that imports it back, among the top-level
//! modules and among the files inside each folder (docs/ARCHITECTURE.md). Read from the
//! `crate::` and `super::` paths of each file's code outside its `#[cfg(test)]` module.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// A module as its path from the crate root: `["report", "cells"]`; a folder's `mod.rs` is the
/// folder's own module (`["report"]`).
type ModulePath = Vec<String>;

fn module_of(relative: &Path) -> ModulePath {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts
}

/// A module's place as a file: a folder's own module is its `mod` file.
fn node_of(module: &ModulePath, is_folder: bool) -> ModulePath {
    let mut node = module.clone();
    if is_folder {
        node.push("mod".to_string());
    }
    node
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code without its test modules: from the first `#[cfg(test)]` that opens a module
/// with a body (`mod tests {`) on (test modules sit at the end of a file here).
fn code_outside_tests(text: &str) -> &str {
    let mut from = 0;
    while let Some(at) = text[from..].find("#[cfg(test)]") {
        let start = from + at;
        let next_line = text[start..].lines().nth(1).unwrap_or("").trim();
        if next_line.starts_with("mod ") && next_line.ends_with('{') {
            return &text[..start];
        }
        from = start + 1;
    }
    text
}

/// Modules declared test-only by their parent (`#[cfg(test)] mod properties;`).
fn test_only_modules(text: &str, module: &ModulePath) -> Vec<ModulePath> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].trim() == "#[cfg(test)]")
        .filter_map(|w| {
            let name = w[1].trim().strip_prefix("mod ")?.strip_suffix(';')?;
            let mut path = module.clone();
            path.push(name.to_string());
            Some(path)
        })
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Normalises grouped imports one level: `crate::{a::b, c}` -> `crate::a::b crate::c`.
fn expand_groups(code: &str) -> String {
    let mut expanded = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("::{") {
        let (before, after) = rest.split_at(at);
        let start = before
            .rfind(|c: char| !(is_ident(c) || c == ':'))
            .map_or(0, |i| i + 1);
        let prefix = &before[start..];
        let Some(close) = matching_brace(&after[2..]) else {
            break;
        };
        let inner = &after[3..2 + close];
        expanded.push_str(&before[..start]);
        for branch in split_top_level(inner) {
            expanded.push_str(&format!(" {prefix}::{} ", branch.trim()));
        }
        rest = &after[3 + close..];
    }
    expanded.push_str(rest);
    expanded
}

/// Every module path named in `code`: `crate::a::b`, `super::x`, and the branches of grouped
/// imports (`use crate::{a::b, c};`), resolved against `module`.
fn referenced_modules(code: &str, module: &ModulePath, is_folder_root: bool) -> Vec<ModulePath> {
    let mut found = Vec::new();
    let mut expanded = code.to_string();
    while expanded.contains("::{") {
        let next = expand_groups(&expanded);
        if next == expanded {
            break;
        }
        expanded = next;
    }

    for (root, skip) in [("crate::", 7usize), ("super::", 7usize)] {
        let mut from = 0;
        while let Some(at) = expanded[from..].find(root) {
            let start = from + at;
            from = start + skip;
            if start > 0 && expanded[..start].ends_with(|c: char| is_ident(c) || c == ':') {
                continue;
            }
            let tail: String = expanded[start + skip..]
                .chars()
                .take_while(|c| is_ident(*c) || *c == ':')
                .collect();
            let segments: Vec<String> = tail
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let base: ModulePath = if root == "crate::" {
                Vec::new()
            } else {
                // `super` of a folder root (mod.rs) is the folder's parent; of a file, its folder.
                let mut parent = module.clone();
                if !is_folder_root || !parent.is_empty() {
                    parent.pop();
                }
                parent
            };
            let mut path = base;
            path.extend(segments);
            found.push(path);
        }
    }
    found
}

fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// Edges between modules at one level: top-level modules, or the files of one folder.
struct Graph {
    /// (from, to) -> the file that makes the edge.
    edges: BTreeMap<(String, String), String>,
}

impl Graph {
    fn cycles(&self) -> Vec<String> {
        let mut out = Vec::new();
        let nodes: BTreeSet<&String> = self.edges.keys().flat_map(|(a, b)| [a, b]).collect();
        for start in &nodes {
            // Depth-first search for a path back to `start`.
            let mut stack = vec![(start.to_string(), vec![start.to_string()])];
            let mut seen = BTreeSet::new();
            while let Some((node, path)) = stack.pop() {
                for ((from, to), _) in self.edges.range((node.clone(), String::new())..) {
                    if *from != node {
                        break;
                    }
                    if to == *start {
                        let mut cycle = path.clone();
                        cycle.push(to.clone());
                        // Report each cycle once, from its smallest node.
                        if path.iter().all(|p| p >= *start) {
                            out.push(cycle.join(" -> "));
                        }
                    } else if seen.insert(to.clone()) {
                        let mut next = path.clone();
                        next.push(to.clone());
                        stack.push((to.clone(), next));
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

fn import_graphs() -> BTreeMap<String, Graph> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<ModulePath> = files
        .iter()
        .map(|f| module_of(f.strip_prefix(&src).unwrap()))
        .collect();
    let modules_with_folder: BTreeSet<ModulePath> = files
        .iter()
        .filter(|f| f.ends_with("mod.rs"))
        .map(|f| module_of(f.strip_prefix(&src).unwrap()))
        .collect();
    let mut test_only = BTreeSet::new();
    for file in &files {
        let module = module_of(file.strip_prefix(&src).unwrap());
        test_only.extend(test_only_modules(
            &fs::read_to_string(file).unwrap(),
            &module,
        ));
    }
    let mut graphs: BTreeMap<String, Graph> = BTreeMap::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = module_of(relative);
        if test_only.contains(&module) {
            continue;
        }
        let is_folder_root = relative.ends_with("mod.rs");
        let text = fs::read_to_string(file).unwrap();
        for target in referenced_modules(code_outside_tests(&text), &module, is_folder_root) {
            // The longest prefix of the path that is a module file of the crate.
            let Some(target) = (1..=target.len())
                .rev()
                .map(|n| target[..n].to_vec())
                .find(|p| modules.contains(p))
            else {
                continue;
            };
            // Nodes of a folder's graph are its files: `mod.rs` is the node `mod`, so a child that
            // uses what its folder's mod.rs defines, while mod.rs uses the child, is a cycle too.
            let (from, to) = (
                node_of(&module, is_folder_root),
                node_of(&target, modules_with_folder.contains(&target)),
            );
            let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if shared >= from.len() || shared >= to.len() {
                continue; // a file naming itself
            }
            // The edge is between the first differing nodes, in the folder they share.
            let folder = if shared == 0 {
                "src".to_string()
            } else {
                format!("src/{}", from[..shared].join("/"))
            };
            let (module, target) = (from, to);
            graphs
                .entry(folder)
                .or_insert_with(|| Graph {
                    edges: BTreeMap::new(),
                })
                .edges
                .entry((module[shared].clone(), target[shared].clone()))
                .or_insert_with(|| relative.display().to_string());
        }
    }
    graphs
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let mut cycles = Vec::new();
    for (folder, graph) in import_graphs() {
        for cycle in graph.cycles() {
            cycles.push(format!("{folder}: {cycle}"));
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_reader_finds_grouped_and_super_imports() {
    let module = vec!["report".to_string(), "cells".to_string()];
    let code = "use super::{formulas::quoted_sheet, data};\nuse crate::{config::Config, metrics::{a, b}};\nlet x = crate::schema::TABLE_ORDER;";
    let found = referenced_modules(code, &module, false);
    let joined: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    for expected in [
        "report::formulas::quoted_sheet",
        "report::data",
        "config::Config",
        "metrics::a",
        "metrics::b",
        "schema::TABLE_ORDER",
    ] {
        assert!(
            joined.iter().any(|j| j == expected),
            "{expected} in {joined:?}"
        );
    }
}

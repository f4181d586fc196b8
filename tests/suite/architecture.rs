//! The import graph of `src/`: no module imports one that imports it back, among the top-level
//! modules and among the files inside each folder (docs/ARCHITECTURE.md). Read from the
//! `crate::` and `super::` paths of each file's code outside its `#[cfg(test)]` module, and from a
//! folder's `mod.rs` naming its own child modules (`child::f`, `self::child::X`, `use child::X`):
//! a child that takes a type from `mod.rs` while `mod.rs` calls or re-exports the child is a loop.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

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

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
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
pub(crate) fn code_outside_tests(text: &str) -> &str {
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

/// `code` without its whole-line comments (doc comments name paths that are not imports) and with
/// every grouped import expanded.
fn normalised(code: &str) -> String {
    let mut expanded: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    while expanded.contains("::{") {
        let next = expand_groups(&expanded);
        if next == expanded {
            break;
        }
        expanded = next;
    }
    expanded
}

/// Where `word` starts in `code` as a path's first segment: not inside a longer name nor after
/// another segment (`a::word`).
fn path_starts<'a>(code: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    code.match_indices(word)
        .map(|(at, _)| at)
        .filter(move |&at| !code[..at].ends_with(|c: char| is_ident(c) || c == ':'))
}

/// The child modules a folder's `mod.rs` names by path, besides declaring them: `child::f()`,
/// `self::child::X`, `use child::X` and `pub use child::{X, Y}` (grouped imports expanded).
fn referenced_children(
    code: &str,
    module: &ModulePath,
    children: &BTreeSet<String>,
) -> Vec<ModulePath> {
    let code = normalised(code);
    let mut found = Vec::new();
    for child in children {
        let bare = format!("{child}::");
        let own = format!("self::{child}");
        let named = path_starts(&code, &bare).next().is_some()
            || path_starts(&code, &own).any(|at| !code[at + own.len()..].starts_with(is_ident));
        if named {
            let mut path = module.clone();
            path.push(child.clone());
            found.push(path);
        }
    }
    found
}

/// Every module path named in `code`: `crate::a::b`, `super::x`, and the branches of grouped
/// imports (`use crate::{a::b, c};`), resolved against `module`.
fn referenced_modules(code: &str, module: &ModulePath, is_folder_root: bool) -> Vec<ModulePath> {
    let mut found = Vec::new();
    let expanded = normalised(code);

    for (root, skip) in [("crate::", 7usize), ("super::", 7usize)] {
        let mut from = 0;
        while let Some(at) = expanded[from..].find(root) {
            let start = from + at;
            from = start + skip;
            if start > 0 && expanded[..start].ends_with(|c: char| is_ident(c) || c == ':') {
                continue;
            }
            if expanded[..start].ends_with("(in ") {
                continue; // a visibility, `pub(in crate::a)`, names no import
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

/// The source files of `src/`: each one's path under `src/` and its text.
pub(crate) fn crate_sources() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .map(|f| {
            let text = fs::read_to_string(&f).unwrap();
            (f.strip_prefix(&src).unwrap().to_path_buf(), text)
        })
        .collect()
}

/// The import graphs of a source tree given as (path under `src/`, text): one per folder, and
/// `src` for the top-level modules.
fn import_graphs(sources: &[(PathBuf, String)]) -> BTreeMap<String, Graph> {
    let modules: BTreeSet<ModulePath> = sources.iter().map(|(f, _)| module_of(f)).collect();
    let modules_with_folder: BTreeSet<ModulePath> = sources
        .iter()
        .filter(|(f, _)| f.ends_with("mod.rs"))
        .map(|(f, _)| module_of(f))
        .collect();
    let mut test_only = BTreeSet::new();
    for (file, text) in sources {
        test_only.extend(test_only_modules(text, &module_of(file)));
    }
    let mut graphs: BTreeMap<String, Graph> = BTreeMap::new();
    for (relative, text) in sources {
        let module = module_of(relative);
        if test_only.contains(&module) {
            continue;
        }
        let is_folder_root = relative.ends_with("mod.rs");
        let code = code_outside_tests(text);
        let mut targets = referenced_modules(code, &module, is_folder_root);
        if is_folder_root {
            let children: BTreeSet<String> = modules
                .iter()
                .filter(|m| m.len() == module.len() + 1 && m.starts_with(&module))
                .filter(|m| !test_only.contains(*m))
                .filter_map(|m| m.last().cloned())
                .collect();
            targets.extend(referenced_children(code, &module, &children));
        }
        for target in targets {
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

/// Every import cycle of a source tree, as `folder: a -> b -> a`.
fn import_cycles(sources: &[(PathBuf, String)]) -> Vec<String> {
    let mut cycles = Vec::new();
    for (folder, graph) in import_graphs(sources) {
        for cycle in graph.cycles() {
            cycles.push(format!("{folder}: {cycle}"));
        }
    }
    cycles
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let cycles = import_cycles(&crate_sources());
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

/// A tiny source tree: (path under `src/`, text).
fn tree(files: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
    files
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.to_string()))
        .collect()
}

#[test]
fn a_mod_rs_calling_a_child_that_takes_its_types_is_a_cycle() {
    let shared_in_mod = "pub struct Shared;\npub fn run() { b::f() }\n";
    let child = "use super::Shared;\npub fn f() -> Option<Shared> { None }\n";
    for mod_rs in [
        format!("mod b;\n{shared_in_mod}"),
        "mod b;\npub struct Shared;\nuse self::b::f;\npub fn run() { f() }\n".to_string(),
        "mod b;\npub struct Shared;\npub use b::{f};\n".to_string(),
        "mod b;\npub struct Shared;\nuse self::{b};\npub fn run() { b::f() }\n".to_string(),
    ] {
        let sources = tree(&[
            ("lib.rs", "mod a;\n"),
            ("a/mod.rs", &mod_rs),
            ("a/b.rs", child),
        ]);
        assert_eq!(
            import_cycles(&sources),
            vec!["src/a: b -> mod -> b".to_string()],
            "{mod_rs}"
        );
    }
}

/// The shape `report/` had until issue 24: the shared type moved to a file of its own, but the
/// child still takes it through `mod.rs`'s re-export, which is still a loop through `mod`.
#[test]
fn a_child_taking_a_type_through_its_mod_rs_re_export_is_a_cycle() {
    let sources = tree(&[
        ("lib.rs", "mod a;\n"),
        (
            "a/mod.rs",
            "mod b;\nmod shared;\npub use shared::Shared;\nconst SHEETS: &[fn()] = &[b::sheet];\n",
        ),
        ("a/shared.rs", "pub struct Shared;\n"),
        (
            "a/b.rs",
            "use super::Shared;\npub fn sheet() { let _: Option<Shared> = None; }\n",
        ),
    ]);
    assert_eq!(
        import_cycles(&sources),
        vec!["src/a: b -> mod -> b".to_string()]
    );
}

#[test]
fn a_folder_whose_shared_types_live_in_a_file_of_their_own_has_no_cycle() {
    let sources = tree(&[
        ("lib.rs", "mod a;\n"),
        (
            "a/mod.rs",
            "mod b;\nmod shared;\n/// Calls `b::f`.\npub use shared::Shared;\npub fn run() { b::f(); }\n",
        ),
        ("a/shared.rs", "pub struct Shared;\n"),
        (
            "a/b.rs",
            "use super::shared::Shared;\npub fn f() -> Option<Shared> { None }\n",
        ),
    ]);
    assert_eq!(import_cycles(&sources), Vec::<String>::new());
    // And the edges are seen: mod.rs -> b, mod.rs -> shared, b -> shared.
    let edges: Vec<(String, String)> = import_graphs(&sources)["src/a"]
        .edges
        .keys()
        .cloned()
        .collect();
    let edge = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        edges,
        vec![edge("b", "shared"), edge("mod", "b"), edge("mod", "shared")]
    );
}

#[test]
fn comments_and_visibilities_are_no_edges() {
    let edges_of = |mod_rs: &str, b: &str| -> Vec<String> {
        let sources = tree(&[("lib.rs", "mod a;\n"), ("a/mod.rs", mod_rs), ("a/b.rs", b)]);
        assert_eq!(import_cycles(&sources), Vec::<String>::new());
        import_graphs(&sources)["src/a"]
            .edges
            .keys()
            .map(|(from, to)| format!("{from} -> {to}"))
            .collect()
    };
    // mod.rs names `b::f` only in a doc comment.
    assert_eq!(
        edges_of(
            "mod b;\n/// Read by `b::f`.\npub struct Shared;\n",
            "use super::Shared;\npub fn f() {}\n"
        ),
        ["b -> mod"]
    );
    // b names its parent only in a visibility.
    assert_eq!(
        edges_of(
            "mod b;\npub fn run() { b::f() }\n",
            "pub(in crate::a) fn f() {}\n"
        ),
        ["mod -> b"]
    );
}

//! No function of `src/` outside its tests is over `MAX_LINES` lines, from its `fn` line to its
//! closing brace (issue 24): a long procedure is split into named steps that read as its outline.
//! Read from the text, with comments, string and character literals blanked so that their braces
//! do not count.

use std::path::PathBuf;

use super::architecture::{code_outside_tests, crate_sources};

const MAX_LINES: usize = 150;

/// Functions let pass while they are rewritten as the report model of issue 24; any other
/// function over `MAX_LINES` fails. Remove an entry once its function is split.
const BEING_REWRITTEN: &[(&str, &str)] = &[];

/// `code` with the insides of comments, string literals and character literals replaced by
/// spaces; line breaks are kept, so line numbers stay.
fn blank_literals(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let blank = |out: &mut String, text: &[char]| {
        out.extend(text.iter().map(|&c| if c == '\n' { '\n' } else { ' ' }));
    };
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let starts = |s: &str| s.chars().zip(rest).filter(|(a, b)| a == *b).count() == s.len();
        let end = if starts("//") {
            rest.iter().position(|&c| c == '\n').unwrap_or(rest.len())
        } else if starts("/*") {
            (2..rest.len())
                .find(|&j| rest[j - 1] == '*' && rest[j] == '/')
                .map_or(rest.len(), |j| j + 1)
        } else if rest[0] == 'r'
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
            && rest[1..].iter().take_while(|&&c| c == '#').count() + 1 < rest.len()
            && rest[1 + rest[1..].iter().take_while(|&&c| c == '#').count()] == '"'
        {
            // A raw string: r"…" or r#"…"#.
            let hashes = rest[1..].iter().take_while(|&&c| c == '#').count();
            let body = 2 + hashes;
            (body..rest.len())
                .find(|&j| {
                    rest[j] == '"'
                        && rest[j + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&c| c == '#')
                            .count()
                            == hashes
                })
                .map_or(rest.len(), |j| j + 1 + hashes)
        } else if rest[0] == '"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != '"' {
                j += if rest[j] == '\\' { 2 } else { 1 };
            }
            (j + 1).min(rest.len())
        } else if rest[0] == '\'' && rest.get(1) == Some(&'\\') {
            // An escaped character: '\n', '\'', '\u{7b}'.
            (3..rest.len())
                .find(|&j| rest[j] == '\'')
                .map_or(1, |j| j + 1)
        } else if rest[0] == '\'' && rest.get(2) == Some(&'\'') {
            3 // a character: '{'
        } else {
            out.push(rest[0]);
            i += 1;
            continue;
        };
        blank(&mut out, &rest[..end]);
        i += end;
    }
    out
}

/// Each function of `code` as (name, line count from its `fn` line to its closing brace).
fn function_lengths(code: &str) -> Vec<(String, usize)> {
    let code = blank_literals(code);
    let line_of = |at: usize| code[..at].matches('\n').count();
    let mut found = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(fn_at) = words.iter().position(|w| *w == "fn") else {
            continue;
        };
        let qualifiers = ["pub", "const", "async", "unsafe", "extern"];
        if !words[..fn_at]
            .iter()
            .all(|w| qualifiers.contains(w) || w.starts_with("pub(") || w.starts_with('"'))
        {
            continue;
        }
        let Some(name) = words.get(fn_at + 1) else {
            continue;
        };
        let name: String = name
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The body opens at the first `{` outside the parameters; a `;` there first is a
        // declaration without a body.
        let mut depth = 0i32;
        let mut body = None;
        for (i, c) in code[start..].char_indices() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                ';' if depth == 0 => break,
                '{' if depth == 0 => {
                    body = Some(start + i);
                    break;
                }
                _ => {}
            }
        }
        let Some(open) = body else {
            continue;
        };
        let mut braces = 0;
        for (i, c) in code[open..].char_indices() {
            match c {
                '{' => braces += 1,
                '}' => {
                    braces -= 1;
                    if braces == 0 {
                        found.push((name.clone(), line_of(open + i) - line_of(start) + 1));
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// Every function of a source tree over `MAX_LINES`, as `file::name (lines)`, but those being
/// rewritten.
fn long_functions(sources: &[(PathBuf, String)]) -> Vec<String> {
    let mut long = Vec::new();
    for (file, text) in sources {
        let file = file.display().to_string();
        for (name, lines) in function_lengths(code_outside_tests(text)) {
            let let_pass = BEING_REWRITTEN.contains(&(file.as_str(), name.as_str()));
            if lines > MAX_LINES && !let_pass {
                long.push(format!("{file}::{name} ({lines} lines)"));
            }
        }
    }
    long
}

#[test]
fn no_function_outside_tests_is_over_150_lines() {
    let long = long_functions(&crate_sources());
    assert!(
        long.is_empty(),
        "split these into named steps:\n{}",
        long.join("\n")
    );
}

#[test]
fn a_long_function_is_found_and_braces_in_literals_do_not_count() {
    let body = "    let x = 1;\n".repeat(MAX_LINES - 1);
    let literals = "    let (a, b, c) = (\"{\", '{', r#\"}\"#); // {\n    /* } */ let d = '\\'';\n";
    let short = format!("pub(crate) fn short() {{\n{literals}}}\n");
    let long = format!("fn long<'a>(x: &'a [u8; 2]) -> Option<&'a u8> {{\n{body}}}\n");
    let code = format!("{short}{long}fn declared();\n");
    assert_eq!(
        function_lengths(&code),
        vec![
            ("short".to_string(), 4),
            ("long".to_string(), MAX_LINES + 1)
        ]
    );
    let sources = vec![(PathBuf::from("a.rs"), code)];
    assert_eq!(
        long_functions(&sources),
        vec![format!("a.rs::long ({} lines)", MAX_LINES + 1)]
    );
}

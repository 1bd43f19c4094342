//! The lists the package's `.d.ts` is generated from, against what the
//! runtime can emit or accepts, so the types cannot fall behind it:
//!
//! - `ResellersErrorCode` (`src/model/error_codes.rs`): every code the
//!   reference documents, the sandbox answers, `status_code_name` gives and
//!   the source writes into a `ResellersError` or a Wix error body.
//! - `ViolatedRule` (`src/model/error_body.rs` `VIOLATED_RULES`): every rule the source writes into
//!   a field violation (an answer's rules are Wix's: the field is `ViolatedRule | (string & {})`).
//! - `PackageFilter` (`src/model/query.rs` `FILTER_FIELDS`,
//!   `FILTER_OPERATORS`): exactly the fields, operators and operand kinds the
//!   offline rules accept, and no other field of a package.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32; the lists are native only)

use serde_json::{json, Map, Value};
use std::fs;
use std::path::{Path, PathBuf};
use wix_resellers::client::status_code_name;
use wix_resellers::model::{
    is_declared_error_code, FilterOperand, DOCUMENTED_CODES, ERROR_CODES, FILTER_FIELDS,
    FILTER_OPERATORS, VIOLATED_RULES,
};
use wix_resellers::rules::validate_query;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(relative: &str) -> String {
    fs::read_to_string(Path::new(ROOT).join(relative)).expect(relative)
}

// --- error codes ------------------------------------------------------------

#[test]
fn codes_are_declared_once() {
    let mut all: Vec<&str> = ERROR_CODES
        .iter()
        .flat_map(|group| group.iter().copied())
        .collect();
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count, "a code is declared in two groups");
}

/// The codes of docs/resellers-api.md section 7's tables (`| 404 | `CODE` | ...`).
fn documented_codes() -> Vec<String> {
    let text = read("docs/resellers-api.md");
    let start = text.find("\n## 7. Errors").expect("section 7");
    let end = text[start..]
        .find("\n## 8.")
        .map_or(text.len(), |end| start + end);
    text[start..end]
        .lines()
        .filter_map(|line| {
            let mut cells = line.split('|').map(str::trim).skip(1);
            let status = cells.next()?;
            let code = cells.next()?;
            (status.len() == 3 && status.bytes().all(|b| b.is_ascii_digit()))
                .then(|| code.trim_matches('`').to_owned())
        })
        .collect()
}

#[test]
fn every_code_the_reference_documents_is_declared_and_no_other_as_documented() {
    let documented = documented_codes();
    assert!(documented.len() > 15, "section 7 read: {documented:?}");
    for code in &documented {
        assert!(
            DOCUMENTED_CODES.contains(&code.as_str()),
            "{code} is documented but not in DOCUMENTED_CODES"
        );
    }
    for code in DOCUMENTED_CODES {
        assert!(
            documented.iter().any(|found| found == code),
            "{code} is in DOCUMENTED_CODES but section 7 does not list it"
        );
    }
}

#[test]
fn every_code_the_sandbox_answers_is_declared() {
    let table: Map<String, Value> =
        serde_json::from_str(&read("tests/fixtures/error-codes.json")).expect("a JSON object");
    for code in table.keys() {
        assert!(
            is_declared_error_code(code),
            "{code} (tests/fixtures/error-codes.json) is not declared"
        );
    }
}

/// The "Check these against production" table of docs/sandbox-decisions.md:
/// the situations where the sandbox answers a code Wix does not document for
/// that endpoint, each with why.
fn check_against_production() -> String {
    let text = read("docs/sandbox-decisions.md");
    let start = text
        .find("## Check these against production")
        .expect("the section");
    let rest = &text[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |at| at + 3);
    rest[..end].to_owned()
}

#[test]
fn every_code_of_the_sandbox_own_is_listed_to_check_against_production() {
    let table = check_against_production();
    let undocumented_here = [
        // Documented for some endpoints, answered by the sandbox on others.
        "PRODUCT_INSTANCE_NOT_FOUND",
        "PERMISSION_DENIED",
        "UNAUTHENTICATED",
        "INCOMPATIBLE_PRODUCT_INSTANCE_STATUS",
        "MISSING_SITE_ID",
    ];
    for code in wix_resellers::model::SANDBOX_CODES
        .iter()
        .chain(&undocumented_here)
    {
        assert!(
            table.contains(&format!("`{code}`")),
            "{code} is not in the table \"Check these against production\" of docs/sandbox-decisions.md"
        );
    }
}

#[test]
fn every_status_name_is_declared() {
    for status in 100..=599 {
        let name = status_code_name(status);
        assert!(
            name == format!("HTTP_{status}") || is_declared_error_code(&name),
            "status {status} gives {name}, which is not declared"
        );
    }
}

/// Every `.rs` file under `src/`, its `#[cfg(test)] mod tests` tail and
/// `tests.rs` files left out (tests may build made-up codes on purpose).
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in fs::read_dir(dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs")
                && !path
                    .file_name()
                    .is_some_and(|name| name == "tests.rs" || name == "fuzz.rs")
            {
                let text = fs::read_to_string(&path).expect("source");
                let code = match text.find("#[cfg(test)]\nmod tests") {
                    Some(at) => text[..at].to_owned(),
                    None => text,
                };
                out.push((path, code));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(ROOT).join("src"), &mut out);
    out
}

/// The argument texts of every call of `callee` in `text` (top-level commas split them).
fn call_arguments(text: &str, callee: &str) -> Vec<Vec<String>> {
    let mut calls = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(callee) {
        let after = &rest[at + callee.len()..];
        let (mut depth, mut in_string, mut escaped) = (1usize, false, false);
        let (mut args, mut current) = (Vec::new(), String::new());
        for ch in after.chars() {
            if in_string {
                current.push(ch);
                match (escaped, ch) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match ch {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 1 => {
                    args.push(std::mem::take(&mut current).trim().to_owned());
                    continue;
                }
                _ => {}
            }
            if depth == 0 {
                break;
            }
            current.push(ch);
        }
        args.push(current.trim().to_owned());
        calls.push(args);
        rest = after;
    }
    calls
}

/// The contents of the string literals in `text` that look like a code or a
/// rule (`SCREAMING_CASE`), so that `violation.get("violatedRule")` is not one.
fn literals(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|word| {
            word.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_code_the_source_writes_is_declared() {
    let mut seen = 0;
    for (path, text) in sources() {
        for callee in ["ResellersError::new(", "ApiError::app("] {
            for args in call_arguments(&text, callee) {
                let Some(code) = args.get(1) else { continue };
                let found = literals(code);
                assert!(
                    !found.is_empty(),
                    "{}: {callee}...) with a code that is no literal ({code}); teach this test where it comes from",
                    path.display()
                );
                for code in found.iter().filter(|code| !code.is_empty()) {
                    seen += 1;
                    assert!(
                        is_declared_error_code(code),
                        "{}: {code} is not declared",
                        path.display()
                    );
                }
            }
        }
    }
    // The sandbox's API codes are one table, not call sites: the entries
    // `Variant = ("CODE", status)` of `codes!` in src/sandbox/errors.rs.
    let errors = read("src/sandbox/errors.rs");
    let table = errors
        .split_once("\ncodes! {")
        .and_then(|(_, rest)| rest.split_once("\n}\n"))
        .map(|(table, _)| table)
        .expect("src/sandbox/errors.rs has its codes! table");
    for entry in table.split(" = (\"").skip(1) {
        let code = entry.split('"').next().unwrap_or_default();
        seen += 1;
        assert!(
            is_declared_error_code(code),
            "src/sandbox/errors.rs: {code} is not declared"
        );
    }
    assert!(seen > 20, "the scan found the call sites ({seen})");
}

#[test]
fn every_code_the_package_js_writes_is_declared() {
    // The JS of src/js/ makes errors too (`CLIENT_FREED` after `free()`):
    // every `code: 'NAME'` literal there is a declared code.
    let dir = Path::new(ROOT).join("src/js");
    let mut seen = 0;
    for entry in fs::read_dir(&dir).expect("src/js") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|ext| ext != "mjs") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("source");
        for (at, _) in text.match_indices("code: '") {
            let rest = &text[at + "code: '".len()..];
            let Some(end) = rest.find('\'') else { continue };
            let code = &rest[..end];
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
                continue;
            }
            seen += 1;
            assert!(
                is_declared_error_code(code),
                "{}: {code} is not declared",
                path.display()
            );
        }
    }
    assert!(seen >= 1, "the scan found the JS codes ({seen})");
}

#[test]
fn every_code_the_sandbox_fronts_answer_is_declared() {
    // The sandbox's JS fronts (pkg-template/sandbox: the Node server, the
    // Durable Object) answer a few codes of their own: `wixError(...)`
    // (with or without a status first), `code: '...'`, and the rows of the
    // server's table of HTTP parse errors (`[status, reason, 'CODE', ...]`).
    let dir = Path::new(ROOT).join("pkg-template/sandbox");
    let mut seen = 0;
    for entry in fs::read_dir(&dir).expect("pkg-template/sandbox") {
        let path = entry.expect("entry").path();
        if !path
            .extension()
            .is_some_and(|ext| ext == "cjs" || ext == "mjs")
        {
            continue;
        }
        let text = fs::read_to_string(&path).expect("source");
        let mut codes: Vec<String> = Vec::new();
        for marker in ["wixError(", "code: '"] {
            for (at, _) in text.match_indices(marker) {
                let rest = &text[at + marker.len()..];
                let rest = rest.trim_start();
                let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                let rest = rest.trim_start_matches([',', ' ', '\n', '\'']);
                let code: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                    .collect();
                if code.len() > 3 && rest[code.len()..].starts_with('\'') {
                    codes.push(code);
                }
            }
        }
        for line in text.lines() {
            let line = line.trim();
            if line.contains(": [4") || line.contains(": [5") {
                if let Some(code) = line.split('\'').nth(3) {
                    codes.push(code.to_owned());
                }
            }
        }
        for code in codes {
            seen += 1;
            assert!(
                is_declared_error_code(&code),
                "{}: {code} is not declared",
                path.display()
            );
        }
    }
    assert!(seen >= 6, "the scan found the fronts' codes ({seen})");
}

// --- violated rules ---------------------------------------------------------

#[test]
fn every_rule_the_source_writes_is_declared() {
    let mut seen = 0;
    for (path, text) in sources() {
        let mut rules: Vec<String> = Vec::new();
        for callee in ["FieldViolation::new(", ".flag(", "ApiError::invalid("] {
            for args in call_arguments(&text, callee) {
                rules.extend(args.get(1).map(|rule| literals(rule)).unwrap_or_default());
            }
        }
        // `Problem { rule: "...", .. }` in src/rules/fields.rs.
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("rule: \"") {
                rules.extend(rest.split('"').next().map(str::to_owned));
            }
        }
        for rule in rules {
            seen += 1;
            assert!(
                VIOLATED_RULES.contains(&rule.as_str()),
                "{}: violated rule {rule} is not in VIOLATED_RULES (src/model/error_body.rs)",
                path.display()
            );
        }
    }
    assert!(seen > 50, "the scan found the call sites ({seen})");
}

// --- the filter ---------------------------------------------------------------

fn filter_violations(filter: Value) -> Vec<String> {
    validate_query(&json!({ "query": { "filter": filter } }))
        .into_iter()
        .map(|violation| {
            format!(
                "{}: {} ({:?})",
                violation.field, violation.description, violation.rule_name
            )
        })
        .collect()
}

/// A sample operand of a kind, and one of another kind.
fn operands(kind: FilterOperand) -> (Value, Value) {
    match kind {
        FilterOperand::Value => (json!("2024-01-01T00:00:00.000Z"), json!(["x"])),
        FilterOperand::List => (json!(["x", 1]), json!("x")),
        FilterOperand::Flag => (json!(true), json!("yes")),
        FilterOperand::Text => (json!("x"), json!(1)),
    }
}

#[test]
fn each_field_takes_exactly_its_declared_operators_with_their_operands() {
    for (field, supported) in FILTER_FIELDS {
        for (operator, kind) in FILTER_OPERATORS {
            let (good, bad) = operands(*kind);
            let found = filter_violations(json!({ *field: { *operator: good } }));
            if supported.contains(operator) {
                assert!(
                    found.is_empty(),
                    "{field} {operator} is declared but refused: {found:?}"
                );
                let wrong = filter_violations(json!({ *field: { *operator: bad } }));
                assert!(
                    !wrong.is_empty(),
                    "{field} {operator} takes {kind:?}, yet {bad} passes"
                );
            } else {
                assert!(
                    !found.is_empty(),
                    "{field} {operator} is accepted but not declared"
                );
            }
        }
        let bare = filter_violations(json!({ *field: "x" }));
        assert_eq!(
            bare.is_empty(),
            supported.contains(&"$eq"),
            "{field} = value: {bare:?}"
        );
    }
}

#[test]
fn every_declared_operator_is_a_query_language_operator_the_rules_know() {
    for (field, supported) in FILTER_FIELDS {
        for operator in *supported {
            assert!(
                FILTER_OPERATORS.iter().any(|(known, _)| known == operator),
                "{field}: {operator} is not in FILTER_OPERATORS"
            );
        }
    }
    let found = filter_violations(json!({ "id": { "$equals": "x" } }));
    assert!(!found.is_empty(), "an operator outside the language passes");
}

/// Every field path of a package with every optional field set (arrays as
/// their element's paths, as the query language names them).
fn package_paths() -> Vec<String> {
    fn walk(prefix: &str, value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    out.push(path.clone());
                    walk(&path, item, out);
                }
            }
            Value::Array(items) => {
                if let Some(first) = items.first() {
                    walk(prefix, first, out);
                }
            }
            _ => {}
        }
    }
    let cycle = json!({ "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } });
    let package = json!({
        "id": "2d1fe6e4-8ff1-4a51-8a0e-2b53bd1d1a3b", "accountId": "5e11e500-0000-4000-8000-000000000001",
        "externalId": "c", "createdDate": "d", "updatedDate": "e", "parentAccountId": "f",
        "productInstances": [{
            "instanceId": "g", "siteId": "h", "catalogProductId": "i", "status": "FAILED",
            "failure": { "code": "UNKNOWN", "message": "m" }, "billingInfo": cycle,
            "createdDate": "j", "updatedDate": "k", "countryCode": "US", "expirationDate": "l",
            "discountCode": "n", "referenceProductInstanceId": "o",
        }],
    });
    // The sample has every field the model declares.
    let typed: wix_resellers::model::Package =
        serde_json::from_value(package.clone()).expect("a Package");
    assert_eq!(serde_json::to_value(typed).expect("serialises"), package);
    let mut out = Vec::new();
    walk("", &package, &mut out);
    out
}

#[test]
fn declared_fields_are_package_paths_and_every_other_path_is_refused() {
    let paths = package_paths();
    for (field, _) in FILTER_FIELDS {
        assert!(
            paths.iter().any(|path| path == field),
            "{field} is not a package path"
        );
    }
    for path in paths
        .iter()
        .filter(|path| !FILTER_FIELDS.iter().any(|(field, _)| field == path))
    {
        let found = filter_violations(json!({ path.as_str(): { "$eq": "x" } }));
        assert!(
            found
                .iter()
                .any(|text| text.contains("UNSUPPORTED_FILTER_FIELD")),
            "{path} is not declared filterable, yet: {found:?}"
        );
    }
}

#[test]
fn filters_combine_with_and_or_not() {
    let leaf = json!({ "externalId": { "$eq": "x" } });
    assert!(
        filter_violations(json!({ "$and": [leaf, leaf], "$or": [leaf], "$not": leaf })).is_empty()
    );
}

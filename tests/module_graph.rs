//! The crate's modules form layers: no module imports another that imports
//! it back, directly or through others. Checked on the source itself, two
//! ways:
//! - between files: each file module (`src/a/b.rs`) depends on every file
//!   module a path in it names (`use`, or a path in code); a facade
//!   (`mod.rs`) that re-exports its children depends on them, so a child
//!   that reaches its siblings through the facade closes a circle;
//! - between the crate's top-level modules (`api`, `client`, `js`, ...),
//!   each taken as the union of its files.
//!
//! `mod x;` declarations are not dependencies: they only say where a file
//! is. Inline `#[cfg(test)]` modules are not read: tests use the modules as
//! any consumer does. A path counts wherever it is written: in `use` trees (aliases and
//! globs bring module names into scope), in code, and in macro invocations
//! (`crate::`, `self::` and `super::` paths in their tokens).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use syn::visit::Visit;

/// A module's path from the crate root: `["client", "machine"]`.
type ModulePath = Vec<String>;

/// One file of the crate and the modules declared in it.
struct FileModule {
    path: ModulePath,
    syntax: syn::File,
}

/// Every file module reachable from `src/lib.rs` through `mod x;`.
fn file_modules() -> Vec<FileModule> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut pending = vec![(Vec::new(), root.join("lib.rs"))];
    while let Some((path, file)) = pending.pop() {
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // The directory a file's `mod x;` children live in.
        let own_dir = match file.file_name().and_then(|name| name.to_str()) {
            Some("lib.rs" | "mod.rs") => file.parent().map(Path::to_path_buf),
            _ => Some(file.with_extension("")),
        }
        .expect("a source file has a directory");
        for item in &syntax.items {
            if let syn::Item::Mod(module) = item {
                if module.content.is_none() {
                    let name = module.ident.to_string();
                    let flat = own_dir.join(format!("{name}.rs"));
                    let nested = own_dir.join(&name).join("mod.rs");
                    let child = if flat.exists() { flat } else { nested };
                    let mut child_path = path.clone();
                    child_path.push(name);
                    pending.push((child_path, child));
                }
            }
        }
        found.push(FileModule { path, syntax });
    }
    found
}

/// Collects the module paths a file names, resolved from the crate root.
struct Names<'a> {
    /// The module the visitor is in (the file's, then any inline module).
    current: ModulePath,
    /// Every module of the crate, file or inline, to tell modules from items.
    known: &'a BTreeSet<ModulePath>,
    /// Module names each module's `use` items bring into scope (an alias,
    /// a module imported by name, the children of a glob-imported module).
    scopes: &'a BTreeMap<ModulePath, BTreeMap<String, ModulePath>>,
    named: BTreeSet<ModulePath>,
}

impl Names<'_> {
    /// Resolves the segments of one path as written in `self.current`.
    fn add(&mut self, segments: &[String]) {
        if let Some(module) = self.resolve(segments) {
            self.named.insert(module);
        }
    }

    /// The deepest module `segments` reaches from `self.current`, or `None`
    /// for a path outside the crate (another crate, a local, a prelude name).
    fn resolve(&self, segments: &[String]) -> Option<ModulePath> {
        let first = segments.first()?;
        let (mut base, rest) = match first.as_str() {
            "crate" => (Vec::new(), &segments[1..]),
            "self" => (self.current.clone(), &segments[1..]),
            "super" => {
                let mut base = self.current.clone();
                let mut rest = segments;
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                (base, rest)
            }
            name => {
                let in_scope = self
                    .scopes
                    .get(&self.current)
                    .and_then(|scope| scope.get(name));
                let mut child = self.current.clone();
                child.push(name.to_owned());
                match in_scope {
                    // A module a `use` brought in (alias, import, glob).
                    Some(module) => (module.clone(), &segments[1..]),
                    // A child module named without `self::` (2018 paths).
                    None if self.known.contains(&child) => (self.current.clone(), segments),
                    None => return None,
                }
            }
        };
        // The path names an item of its deepest module, or that module.
        for segment in rest {
            base.push(segment.clone());
            if !self.known.contains(&base) {
                base.pop();
                break;
            }
        }
        Some(base)
    }

    /// Every `crate::`, `self::` or `super::` path among a macro's tokens
    /// (nested groups included).
    fn add_token_paths(&mut self, tokens: &[proc_macro2::TokenTree]) {
        use proc_macro2::TokenTree;
        let mut index = 0;
        while let Some(token) = tokens.get(index) {
            index += 1;
            match token {
                TokenTree::Group(group) => {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    self.add_token_paths(&inner);
                }
                TokenTree::Ident(ident)
                    if ["crate", "self", "super"].contains(&ident.to_string().as_str()) =>
                {
                    let mut segments = vec![ident.to_string()];
                    // `:: name` pairs, read as long as they go on.
                    while let (
                        Some(TokenTree::Punct(a)),
                        Some(TokenTree::Punct(b)),
                        Some(TokenTree::Ident(name)),
                    ) = (
                        tokens.get(index),
                        tokens.get(index + 1),
                        tokens.get(index + 2),
                    ) {
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        segments.push(name.to_string());
                        index += 3;
                    }
                    if segments.len() > 1 {
                        self.add(&segments);
                    }
                }
                _ => {}
            }
        }
    }

    fn add_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.add_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => {
                let mut full = prefix.clone();
                if name.ident != "self" {
                    full.push(name.ident.to_string());
                }
                self.add(&full);
            }
            syn::UseTree::Rename(rename) => {
                let mut full = prefix.clone();
                full.push(rename.ident.to_string());
                self.add(&full);
            }
            syn::UseTree::Glob(_) => self.add(prefix),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.add_tree(prefix, tree);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Names<'_> {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.add_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if module.content.is_some() && !test_only(&module.attrs) {
            self.current.push(module.ident.to_string());
            syn::visit::visit_item_mod(self, module);
            self.current.pop();
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let tokens: Vec<proc_macro2::TokenTree> = mac.tokens.clone().into_iter().collect();
        self.add_token_paths(&tokens);
        syn::visit::visit_macro(self, mac);
    }

    fn visit_vis_restricted(&mut self, _: &'ast syn::VisRestricted) {
        // `pub(super)` says who may see an item; it names nothing used.
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        // One segment is a local, a type or an item in scope, never a
        // module used as such (`use` trees are read by visit_item_use).
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.add(&segments);
        }
        syn::visit::visit_path(self, path);
    }
}

/// True for `#[cfg(test)]` and `#[cfg(all(test, ...))]`: test code uses the
/// modules as any consumer does (a test inside `rules/adjust.rs` calls
/// `rules::validate_adjust`); it is no layer of the crate.
fn test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        let syn::Meta::List(list) = &attr.meta else {
            return false;
        };
        if !list.path.is_ident("cfg") {
            return false;
        }
        let predicate = list.tokens.to_string().replace(' ', "");
        predicate == "test"
            || predicate
                .strip_prefix("all(")
                .is_some_and(|inner| inner.split(',').any(|part| part == "test"))
    })
}

/// Inline modules (`mod tests { ... }`) of a file, as module paths.
fn inline_modules(base: &ModulePath, items: &[syn::Item], out: &mut BTreeSet<ModulePath>) {
    for item in items {
        if let syn::Item::Mod(module) = item {
            if let Some((_, content)) = &module.content {
                let mut path = base.clone();
                path.push(module.ident.to_string());
                out.insert(path.clone());
                inline_modules(&path, content, out);
            }
        }
    }
}

/// The file module a module path lives in: its longest prefix that is a file.
fn owning_file(path: &ModulePath, files: &BTreeSet<ModulePath>) -> ModulePath {
    let mut owner = path.clone();
    while !files.contains(&owner) {
        owner.pop();
    }
    owner
}

fn display(path: &ModulePath) -> String {
    if path.is_empty() {
        "crate".to_owned()
    } else {
        path.join("::")
    }
}

/// The edges of `graph` that lie on a circle: every strongly connected
/// component with more than one node (Tarjan's algorithm, iterative enough
/// for a crate's few dozen files).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<BTreeSet<String>>,
    }
    fn connect<'g>(state: &mut State<'g>, node: &'g str) {
        let next = state.index.len();
        state.index.insert(node, next);
        state.low.insert(node, next);
        state.stack.push(node);
        state.on_stack.insert(node);
        for target in state.graph.get(node).into_iter().flatten() {
            let target = target.as_str();
            if !state.index.contains_key(target) {
                connect(state, target);
                let low = state.low[node].min(state.low[target]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(target) {
                let low = state.low[node].min(state.index[target]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = BTreeSet::new();
            while let Some(member) = state.stack.pop() {
                state.on_stack.remove(member);
                component.insert(member.to_owned());
                if member == node {
                    break;
                }
            }
            if component.len() > 1 {
                state.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            connect(&mut state, node);
        }
    }
    state.found
}

/// The module names each module's `use` items bring into scope.
fn scopes_of(
    modules: &[FileModule],
    known: &BTreeSet<ModulePath>,
) -> BTreeMap<ModulePath, BTreeMap<String, ModulePath>> {
    /// Records, per module, what its use trees name that is a module.
    struct Collect {
        current: ModulePath,
        found: Vec<(ModulePath, String, Vec<String>, bool)>,
    }
    impl Collect {
        fn tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
            match tree {
                syn::UseTree::Path(path) => {
                    prefix.push(path.ident.to_string());
                    self.tree(prefix, &path.tree);
                    prefix.pop();
                }
                syn::UseTree::Name(name) => {
                    let mut full = prefix.clone();
                    let local = if name.ident == "self" {
                        prefix.last().cloned().unwrap_or_default()
                    } else {
                        full.push(name.ident.to_string());
                        name.ident.to_string()
                    };
                    self.found.push((self.current.clone(), local, full, false));
                }
                syn::UseTree::Rename(rename) => {
                    let mut full = prefix.clone();
                    if rename.ident != "self" {
                        full.push(rename.ident.to_string());
                    }
                    self.found
                        .push((self.current.clone(), rename.rename.to_string(), full, false));
                }
                syn::UseTree::Glob(_) => {
                    self.found
                        .push((self.current.clone(), String::new(), prefix.clone(), true));
                }
                syn::UseTree::Group(group) => {
                    for tree in &group.items {
                        self.tree(prefix, tree);
                    }
                }
            }
        }
    }
    impl<'ast> Visit<'ast> for Collect {
        fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
            self.tree(&mut Vec::new(), &item.tree);
        }
        fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
            if module.content.is_some() {
                self.current.push(module.ident.to_string());
                syn::visit::visit_item_mod(self, module);
                self.current.pop();
            }
        }
    }
    let mut found = Vec::new();
    for module in modules {
        let mut collect = Collect {
            current: module.path.clone(),
            found: Vec::new(),
        };
        collect.visit_file(&module.syntax);
        found.extend(collect.found);
    }
    // Resolve each imported path as written in its module; only modules
    // matter (an item imported by name is seen where the `use` is).
    let empty = BTreeMap::new();
    let mut scopes: BTreeMap<ModulePath, BTreeMap<String, ModulePath>> = BTreeMap::new();
    for (module, local, path, glob) in found {
        let names = Names {
            current: module.clone(),
            known,
            scopes: &empty,
            named: BTreeSet::new(),
        };
        let Some(target) = names.resolve(&path) else {
            continue;
        };
        // `resolve` stops at the deepest module: the import is a module only
        // if the whole path was one.
        let whole = path.last().is_some_and(|last| target.last() == Some(last))
            || path
                .iter()
                .all(|segment| matches!(segment.as_str(), "crate" | "self" | "super"));
        let scope = scopes.entry(module).or_default();
        if glob {
            for child in known
                .iter()
                .filter(|m| m.len() == target.len() + 1 && m.starts_with(&target))
            {
                if let Some(name) = child.last() {
                    scope.insert(name.clone(), child.clone());
                }
            }
        } else if whole && !local.is_empty() {
            scope.insert(local, target);
        }
    }
    scopes
}

/// The file-module graph of `modules`: an edge for every file module a
/// file names.
fn file_graph(modules: &[FileModule]) -> BTreeMap<ModulePath, BTreeSet<ModulePath>> {
    let files: BTreeSet<ModulePath> = modules.iter().map(|m| m.path.clone()).collect();
    let mut known = files.clone();
    for module in modules {
        inline_modules(&module.path, &module.syntax.items, &mut known);
    }
    let scopes = scopes_of(modules, &known);
    let mut graph = BTreeMap::new();
    for module in modules {
        let mut names = Names {
            current: module.path.clone(),
            known: &known,
            scopes: &scopes,
            named: BTreeSet::new(),
        };
        names.visit_file(&module.syntax);
        let targets: &mut BTreeSet<ModulePath> = graph.entry(module.path.clone()).or_default();
        for named in &names.named {
            let owner = owning_file(named, &files);
            if owner != module.path {
                targets.insert(owner);
            }
        }
    }
    graph
}

/// The graph of file modules and the graph of top-level modules.
fn graphs() -> (
    BTreeMap<String, BTreeSet<String>>,
    BTreeMap<String, BTreeSet<String>>,
) {
    let graph = file_graph(&file_modules());
    let mut by_file = BTreeMap::new();
    let mut by_layer: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in &graph {
        let entry: &mut BTreeSet<String> = by_file.entry(display(from)).or_default();
        for target in targets {
            entry.insert(display(target));
            if let (Some(a), Some(b)) = (from.first(), target.first()) {
                if a != b {
                    by_layer.entry(a.clone()).or_default().insert(b.clone());
                }
            }
        }
    }
    (by_file, by_layer)
}

fn describe(graph: &BTreeMap<String, BTreeSet<String>>, found: &[BTreeSet<String>]) -> String {
    let mut text = String::new();
    for component in found {
        text.push_str("\n  circle:");
        for node in component {
            let inside: Vec<&String> = graph
                .get(node)
                .into_iter()
                .flatten()
                .filter(|target| component.contains(*target))
                .collect();
            text.push_str(&format!("\n    {node} -> {inside:?}"));
        }
    }
    text
}

#[test]
fn no_file_module_imports_one_that_imports_it_back() {
    let (by_file, _) = graphs();
    assert!(
        by_file.len() > 40,
        "the walk found only {} files",
        by_file.len()
    );
    let found = circles(&by_file);
    assert!(
        found.is_empty(),
        "import circles between files:{}",
        describe(&by_file, &found)
    );
}

#[test]
fn the_top_level_modules_are_layers() {
    let (_, by_layer) = graphs();
    let found = circles(&by_layer);
    assert!(
        found.is_empty(),
        "import circles between top-level modules:{}",
        describe(&by_layer, &found)
    );
}

#[test]
fn a_circle_is_found() {
    // The checker itself: a two-node and a three-node circle, and a chain.
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["a"]),
        ("c", vec!["d"]),
        ("d", vec!["e"]),
        ("e", vec!["c"]),
        ("f", vec!["g"]),
        ("g", vec![]),
    ]
    .into_iter()
    .map(|(node, targets)| {
        (
            node.to_owned(),
            targets.into_iter().map(str::to_owned).collect(),
        )
    })
    .collect();
    let found = circles(&graph);
    assert_eq!(found.len(), 2);
    assert!(found.iter().any(|c| c.len() == 2 && c.contains("a")));
    assert!(found.iter().any(|c| c.len() == 3 && c.contains("e")));
}

/// The top-level modules in the order `src/lib.rs`'s module map lists them.
fn documented_order() -> Vec<String> {
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs");
    let text = fs::read_to_string(lib).expect("src/lib.rs");
    text.lines()
        .filter_map(|line| line.strip_prefix("//! - "))
        .filter_map(|item| {
            let name = item.trim_start_matches('[').strip_prefix('`')?;
            Some(name.split('`').next()?.to_owned())
        })
        .collect()
}

#[test]
fn the_module_map_lists_the_layers_from_the_bottom() {
    // The map reads as the walk of one request: each module uses only
    // those listed above it. Test-only modules (proptest strategies) are
    // not layers.
    let order = documented_order();
    let (_, by_layer) = graphs();
    let position = |name: &str| order.iter().position(|listed| listed == name);
    let mut wrong = Vec::new();
    for (from, targets) in &by_layer {
        if from == "fuzz_text" {
            continue;
        }
        let Some(at) = position(from) else {
            wrong.push(format!("{from} is not in the module map"));
            continue;
        };
        for target in targets.iter().filter(|t| *t != "fuzz_text") {
            match position(target) {
                Some(below) if below < at => {}
                Some(_) => wrong.push(format!("{from} uses {target}, listed after it")),
                None => wrong.push(format!(
                    "{target} (used by {from}) is not in the module map"
                )),
            }
        }
    }
    assert!(order.len() >= 8, "the module map lists only {order:?}");
    assert!(
        wrong.is_empty(),
        "src/lib.rs's module map is not in layer order:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn every_import_form_is_an_edge() {
    // One small crate per form; each must give the edge a -> b.
    let forms = [
        ("direct use", "use crate::b::Thing;"),
        ("path in code", "fn f() { crate::b::g(); }"),
        ("super path", "fn f() { super::b::g(); }"),
        ("module alias", "use super as up; fn f() { up::b::g(); }"),
        (
            "module imported by name",
            "use crate::b; fn f() { b::g(); }",
        ),
        (
            "glob, then the sibling's name",
            "use super::*; fn f() { b::g(); }",
        ),
        ("path in a macro", "fn f() { let _ = vec![crate::b::G]; }"),
        (
            "path nested in a macro",
            "fn f() { assert!(matches!(x, crate::b::G)); }",
        ),
        (
            "inline module's super",
            "mod inner { fn f() { super::super::b::g(); } }",
        ),
    ];
    for (form, source) in forms {
        let module = |path: &[&str], text: &str| FileModule {
            path: path.iter().map(|s| (*s).to_owned()).collect(),
            syntax: syn::parse_file(text).expect("valid source"),
        };
        let modules = vec![
            module(&[], "mod a; mod b;"),
            module(&["a"], source),
            module(
                &["b"],
                "pub fn g() {} pub const G: u8 = 0; pub struct Thing;",
            ),
        ];
        let graph = file_graph(&modules);
        let a: ModulePath = vec!["a".to_owned()];
        let b: ModulePath = vec!["b".to_owned()];
        assert!(
            graph.get(&a).is_some_and(|targets| targets.contains(&b)),
            "{form}: `{source}` gave {:?}",
            graph.get(&a)
        );
    }
    // And what is no dependency: a local named like a module, `pub(super)`,
    // an inline test module.
    let modules = vec![
        FileModule {
            path: vec![],
            syntax: syn::parse_file("mod a; mod b;").expect("lib"),
        },
        FileModule {
            path: vec!["a".to_owned()],
            syntax: syn::parse_file(
                "pub(super) fn f(b: u8) -> u8 { b } #[cfg(test)] mod tests { use crate::b::G; }",
            )
            .expect("a"),
        },
        FileModule {
            path: vec!["b".to_owned()],
            syntax: syn::parse_file("").expect("b"),
        },
    ];
    let graph = file_graph(&modules);
    assert!(
        graph
            .get(&vec!["a".to_owned()])
            .is_some_and(BTreeSet::is_empty),
        "{graph:?}"
    );
}

#!/usr/bin/env node
// `make doc-links`: every documentation pointer resolves inside the repository.
//
// A clone has only what is in the repository, so a pointer to a file outside
// it (or to one that moved) is a broken promise to the reader. Checked:
// - relative markdown links `[text](target)` and `[text](target#anchor)` in
//   README.md, docs/*.md and pkg-template/**/*.md, and in the `//!` and `///`
//   doc comments of src/**/*.rs: the target must exist (relative to the file);
//   an anchor into a markdown file must name one of its headings (GitHub's
//   slugs), and a bare `#anchor` one of the file's own;
// - path-like pointers to `docs/...` anywhere in those files and in every
//   other file under pkg-template/ (code comments included): the path must
//   exist from the repository root.
// Links with a scheme (https:, mailto:) and fenced code blocks are skipped.
//
// Plain Node, no dependencies. Usage: node scripts/check-doc-links.mjs
// Exits 1 and lists every broken pointer when there is one.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SKIP_DIRS = new Set(['node_modules', '.scratch', 'target', 'dist', '.git']);

/** Files under `dir` (relative to the root) whose name passes `keep`. */
function walk(dir, keep) {
  const found = [];
  const absolute = path.join(root, dir);
  if (!fs.existsSync(absolute)) return found;
  for (const entry of fs.readdirSync(absolute, { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) found.push(...walk(relative, keep));
    } else if (keep(entry.name)) {
      found.push(relative);
    }
  }
  return found;
}

const isMarkdown = (name) => name.endsWith('.md');
const files = [
  'README.md',
  ...walk('docs', isMarkdown),
  ...walk('src', (name) => name.endsWith('.rs')),
  ...walk('pkg-template', () => true),
].filter((file) => fs.existsSync(path.join(root, file)));

/** GitHub's heading anchors of a markdown text (with -1, -2 for repeats). */
function anchorsOf(text) {
  const anchors = new Set();
  const seen = new Map();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) || 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

const anchorCache = new Map();
function anchorsOfFile(file) {
  if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(fs.readFileSync(file, 'utf8')));
  return anchorCache.get(file);
}

/** The lines of `text` where markdown links count, with their line numbers. */
function linkLines(file, text) {
  const lines = text.split('\n').map((line, index) => [index + 1, line]);
  if (file.endsWith('.rs')) {
    return lines.filter(([, line]) => /^\s*\/\/[/!]/.test(line));
  }
  if (!isMarkdown(file)) return [];
  let fenced = false;
  return lines.filter(([, line]) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

const problems = [];
const report = (file, line, message) => problems.push(`${file}:${line}: ${message}`);

function checkLink(file, line, target) {
  const [rawPath, anchor] = target.split('#', 2);
  const decoded = decodeURIComponent(rawPath);
  const targetFile = decoded === '' ? path.join(root, file) : path.resolve(path.join(root, path.dirname(file)), decoded);
  if (!targetFile.startsWith(root + path.sep) && targetFile !== root) {
    report(file, line, `link leaves the repository: ${target}`);
    return;
  }
  if (!fs.existsSync(targetFile)) {
    report(file, line, `link target does not exist: ${target}`);
    return;
  }
  if (anchor !== undefined && anchor !== '' && targetFile.endsWith('.md') && fs.statSync(targetFile).isFile()) {
    if (!anchorsOfFile(targetFile).has(anchor.toLowerCase())) {
      report(file, line, `no heading for anchor #${anchor} in ${path.relative(root, targetFile)}`);
    }
  }
}

// `[text](target "title")`; the text may hold backticks and brackets one level deep.
const LINK = /\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
// `docs/...` not preceded by a word character, `.`, `/` or `-` (so URLs such
// as https://dev.wix.com/docs/... and names such as wix-rest-docs are not taken).
const DOCS_POINTER = /(?<![\w./-])docs\/[\w./-]*/g;

for (const file of files) {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  for (const [line, content] of linkLines(file, text)) {
    // Inline code spans are not links.
    const prose = isMarkdown(file) ? content.replace(/`[^`]*`/g, '``') : content;
    for (const match of prose.matchAll(LINK)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      checkLink(file, line, target);
    }
  }
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(DOCS_POINTER)) {
      const pointer = match[0].replace(/[.,;:)]+$/, '');
      if (!fs.existsSync(path.join(root, pointer))) {
        report(file, index + 1, `pointer to a missing file: ${pointer}`);
      }
    }
  });
}

if (problems.length > 0) {
  console.error(`check-doc-links: ${problems.length} broken pointer(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`check-doc-links: ${files.length} files, every link and docs/ pointer resolves`);

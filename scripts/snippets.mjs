// Places wasm-bindgen's JS snippets for both glues. wasm-bindgen writes two
// kinds under snippets/<crate>-<hash>/: `inline_js` ones as `inlineN.js`, and
// `module = "/path"` ones (real files of the crate, e.g. src/js/*.mjs) at
// their path from the crate root, extension kept. All are ES modules.
//
// - web.mjs imports them as ES modules. A `.js` one is staged as `.mjs` (and
//   the glue's import specifiers follow), so no package.json "type" is needed
//   to load it as ESM; an `.mjs` one is staged as is.
// - node.cjs gets each one, whole-line comments dropped (stripComments: the
//   inlined text is parsed at every cold start, and the comments serve only
//   the source's readers and tsc), rewritten to CommonJS and inlined at its
//   top (no Node version then needs require(esm), and each extra require()
//   costs Node's loader a few hundred microseconds of cold start), so the
//   nodejs glue requires no snippet file at all.
// - Both glues get their throwing imports' JS arity matched to the wasm
//   signature (see matchArity): otherwise V8 compiles an extra wrapper per
//   such import at instantiation, about 0.1 ms each of cold start.
//
// Types are not touched here: the snippets' JSDoc is checked in place
// (tsconfig.checkjs.json), and the package's .d.ts files are assembled by
// scripts/assemble-pkg.mjs.
//
// Usage: node scripts/snippets.mjs <nodejs out dir> <web out dir> <stage dir>
// The stage dir holds node.cjs and web.mjs already.
import fs from 'node:fs';
import path from 'node:path';

const [nodeOut, webOut, stage] = process.argv.slice(2);
const source = path.join(webOut, 'snippets');

/** Rewrites our own snippets' `export class|function|const NAME` to CommonJS. */
function toCommonJs(text, file) {
  const names = [];
  const body = text.replace(/^export\s+(class|function|async function|const|let)\s+([A-Za-z_$][\w$]*)/gm, (_, kind, name) => {
    names.push(name);
    return `${kind} ${name}`;
  });
  if (/^\s*(export|import)\s/m.test(body)) {
    throw new Error(`${file}: only 'export class|function|const NAME' snippets can be converted to CommonJS`);
  }
  return `'use strict';\n${body}\nmodule.exports = { ${names.join(', ')} };\n`;
}

/**
 * Drops whole-line comments (`// …` lines and `/** … *\/` blocks that start
 * and end a line): the snippets are documented for their readers and for
 * `tsc --checkJs`, and the nodejs glue inlines them into every Node entry,
 * where the comments would only be read past at each cold start. Code lines
 * are kept byte for byte. A line with an odd number of backticks could open
 * a multi-line template literal, inside which a "comment" line is text: then
 * nothing is guessed and the build stops.
 */
function stripComments(text, file) {
  const kept = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (inBlock) {
      // A block ends on a line of its own; code after `*/` would be lost.
      if (trimmed.includes('*/') && !trimmed.endsWith('*/')) throw new Error(`${file}: code after a comment's end on one line`);
      if (trimmed.endsWith('*/')) inBlock = false;
      continue;
    }
    if (trimmed.startsWith('/*') && !trimmed.includes('*/')) {
      inBlock = true;
      continue;
    }
    if ((trimmed.startsWith('/*') && trimmed.endsWith('*/') && trimmed.indexOf('*/') === trimmed.length - 2) || trimmed.startsWith('//')) continue;
    kept.push(line);
  }
  if (kept.some((line) => (line.match(/`/g) || []).length % 2 === 1)) {
    throw new Error(`${file}: a multi-line template literal; teach scripts/snippets.mjs's stripComments to keep it`);
  }
  return kept.join('\n');
}

/**
 * wasm-bindgen writes each import that may throw as
 * `function() { return handleError(function (arg0, arg1) { ... }, arguments); }`:
 * a JS function of length 0 behind a wasm import that takes parameters. V8
 * compiles one wasm-to-JS wrapper per import signature when it compiles the
 * module, assuming the JS function's length equals the parameter count; every
 * import whose length differs needs another wrapper, compiled at instantiation
 * (about 0.1 ms each at cold start). Naming the parameters on the outer
 * function too (it still forwards `arguments`) makes the lengths match.
 */
function matchArity(text, file) {
  const outer = /function\(\) \{ return handleError\(function \(([\w$]+(?:, [\w$]+)*)\) \{/g;
  const out = text.replace(outer, (_, params) => `function(${params}) { return handleError(function (${params}) {`);
  if (/function\(\) \{ return handleError\(function \([^)]/.test(out)) throw new Error(`${file}: a handleError import kept length 0`);
  return out;
}

/** Files under `dir`, as `/`-separated paths relative to it (module snippets sit in subfolders). */
function filesUnder(dir, prefix = '') {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
  });
}

// Keyed by the specifier the nodejs glue requires: `./snippets/<crate>/<file>`.
const target = path.join(stage, 'snippets');
const commonJs = new Map();
for (const crate of fs.existsSync(source) ? fs.readdirSync(source) : []) {
  for (const file of filesUnder(path.join(source, crate))) {
    const staged = file.endsWith('.js') ? `${file.slice(0, -3)}.mjs` : file;
    if (!staged.endsWith('.mjs')) throw new Error(`snippets/${crate}/${file}: a snippet is .js or .mjs; teach scripts/snippets.mjs this one`);
    const text = fs.readFileSync(path.join(source, crate, file), 'utf8');
    fs.mkdirSync(path.dirname(path.join(target, crate, staged)), { recursive: true });
    fs.writeFileSync(path.join(target, crate, staged), text);
    commonJs.set(`./snippets/${crate}/${file}`, toCommonJs(stripComments(text, `snippets/${crate}/${file}`), `snippets/${crate}/${file}`));
  }
}

// web.mjs: `.js` specifiers become `.mjs` (`.mjs` ones already are). Only the
// require/import specifiers: the import object's keys must keep the module
// names the .wasm was linked with.
const specifier = /((?:require\((?:String\.raw)?|from\s*)[`'"]\.\/snippets\/[^'"`]+?)\.js([`'"])/g;
const web = path.join(stage, 'web.mjs');
fs.writeFileSync(web, matchArity(fs.readFileSync(web, 'utf8').replace(specifier, '$1.mjs$2'), 'web.mjs'));

// node.cjs: each `require("./snippets/…/inlineN.js")` or
// `require("./snippets/…/src/js/name.mjs")` becomes a constant holding that
// snippet's exports, evaluated once at the top of the file.
const node = path.join(stage, 'node.cjs');
const required = /require\((?:String\.raw)?[`'"](\.\/snippets\/[^'"`]+?\.m?js)[`'"]\)/g;
const names = new Map();
const glue = fs.readFileSync(node, 'utf8').replace(required, (_, file) => {
  if (!commonJs.has(file)) throw new Error(`node.cjs requires ${file}, which wasm-bindgen did not emit`);
  if (!names.has(file)) names.set(file, `__wbg_snippet_${names.size}`);
  return names.get(file);
});
const prelude = [...names].map(([file, name]) =>
  `// ${file}\nconst ${name} = (() => {\n'use strict';\nconst module = { exports: {} };\n${commonJs.get(file).replace(/^'use strict';\n/, '')}return module.exports;\n})();\n`).join('');
const fixed = matchArity(glue, 'node.cjs');
const [first, ...rest] = fixed.split('\n');
// Keep wasm-bindgen's `/* @ts-self-types */` header line first.
fs.writeFileSync(node, first.startsWith('/*') ? [first, prelude + rest.join('\n')].join('\n') : prelude + fixed);
void nodeOut;

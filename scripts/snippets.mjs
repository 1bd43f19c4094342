// Places wasm-bindgen's inline_js snippets for both glues: web.mjs imports
// them as `<name>.mjs` files (ES modules); node.cjs gets them rewritten to
// CommonJS and inlined at its top, since each extra require() costs Node's
// loader a few hundred microseconds of cold start. Both glues also get their
// throwing imports' JS arity matched to the wasm signature (see matchArity).
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

const target = path.join(stage, 'snippets');
const commonJs = new Map();
for (const crate of fs.existsSync(source) ? fs.readdirSync(source) : []) {
  fs.mkdirSync(path.join(target, crate), { recursive: true });
  for (const file of fs.readdirSync(path.join(source, crate))) {
    if (!file.endsWith('.js')) continue;
    const text = fs.readFileSync(path.join(source, crate, file), 'utf8');
    const base = file.slice(0, -3);
    fs.writeFileSync(path.join(target, crate, `${base}.mjs`), text);
    commonJs.set(`./snippets/${crate}/${file}`, toCommonJs(text, file));
  }
}

// Only the require/import specifiers: the import object's keys must keep the
// module names the .wasm was linked with.
const specifier = /((?:require\((?:String\.raw)?|from\s*)[`'"]\.\/snippets\/[^'"`]+?)\.js([`'"])/g;
const web = path.join(stage, 'web.mjs');
fs.writeFileSync(web, matchArity(fs.readFileSync(web, 'utf8').replace(specifier, '$1.mjs$2'), 'web.mjs'));

// node.cjs: each `require("./snippets/…/inlineN.js")` becomes a constant
// holding that snippet's exports, evaluated once at the top of the file.
const node = path.join(stage, 'node.cjs');
const required = /require\((?:String\.raw)?[`'"](\.\/snippets\/[^'"`]+?\.js)[`'"]\)/g;
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

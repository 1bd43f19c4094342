// Moves wasm-bindgen's inline_js snippets next to the glue in two forms:
// `<name>.mjs` (ES module, imported by web.mjs) and `<name>.cjs` (CommonJS,
// required by node.cjs), and points each glue at its form.
//
// Usage: node scripts/snippets.mjs <nodejs out dir> <web out dir> <stage dir>
// The stage dir holds node.cjs and web.mjs already.
import fs from 'node:fs';
import path from 'node:path';

const [nodeOut, webOut, stage] = process.argv.slice(2);
const source = path.join(webOut, 'snippets');
if (!fs.existsSync(source)) process.exit(0);

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

const target = path.join(stage, 'snippets');
for (const crate of fs.readdirSync(source)) {
  fs.mkdirSync(path.join(target, crate), { recursive: true });
  for (const file of fs.readdirSync(path.join(source, crate))) {
    if (!file.endsWith('.js')) continue;
    const text = fs.readFileSync(path.join(source, crate, file), 'utf8');
    const base = file.slice(0, -3);
    fs.writeFileSync(path.join(target, crate, `${base}.mjs`), text);
    fs.writeFileSync(path.join(target, crate, `${base}.cjs`), toCommonJs(text, file));
  }
}
const retarget = (file, extension) => {
  const text = fs.readFileSync(file, 'utf8');
  // Only the require/import specifiers: the import object's keys must keep the
  // module names the .wasm was linked with.
  const specifier = /((?:require\((?:String\.raw)?|from\s*)[`'"]\.\/snippets\/[^'"`]+?)\.js([`'"])/g;
  fs.writeFileSync(file, text.replace(specifier, `$1${extension}$2`));
};
retarget(path.join(stage, 'node.cjs'), '.cjs');
retarget(path.join(stage, 'web.mjs'), '.mjs');
void nodeOut;

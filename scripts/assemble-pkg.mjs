#!/usr/bin/env node
// Assembles the npm package: dist/npm/ from pkg-template/, the repository's
// LICENSE and CHANGELOG.md, and the staged wasm-bindgen output of the two
// flavours (target/pkg/{lean,sandbox}/), then prints the size table and fails
// when a budget from docs/architecture.md is exceeded.
//
// The entry shims in pkg-template/ hold placeholders for their export lists,
// filled here from what the glue really exports, so a new Rust export (a
// class, a validator) appears in every entry with no edit. The glue's
// `resellersErrorClass()` is exported as the class `ResellersError`. The Node
// entries of the main export (index.cjs, index.mjs) also get the lean nodejs
// glue inline (see nodeGlue()), so a cold import or require loads one file.
// Each nodejs glue must carry its JS snippets inline already (inline_js and
// `module =` ones alike, scripts/snippets.mjs): an inlined glue can require
// only Node builtins, and the sandbox entries' glue must not require() an ES
// module; a build whose node.cjs still requires a snippet fails here.
//
// Types: each flavour's .d.ts is the hand-written src/js/types.d.ts (what no
// Rust type defines: options, the error class, the raw sandbox answer; its
// sandbox-only part for the sandbox entry only) merged in front of the glue's
// own declarations (wasm-bindgen's classes and functions, tsify's shapes,
// `wire_enum!`'s unions), so the hand-written declarations need no Rust
// string and are type-checked as a file of their own (`make js-lint`); a name
// declared on both sides fails, so every shape keeps one source, except a
// hand-written interface named as a generated class, whose members (methods
// Rust cannot type, such as overloads) go into that class (see
// withClassMembers). Then every
// `any` becomes `unknown` (reported, so the Rust signature gets a real type),
// the `[Symbol.dispose]` lines go (they need lib esnext), every optional
// property gets `| undefined` (exactOptionalPropertyTypes, see
// withUndefinedOnOptionals), and the error class is typed from its factory
// when nothing declares it. The sandbox entry's .d.ts re-exports the main
// entry's declarations and adds only its own (see sandboxOverMain).
//
// Usage: node scripts/assemble-pkg.mjs <stage dir> <out dir>
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ts from 'typescript';

const KIB = 1024;
/** Gzipped .wasm budgets (docs/architecture.md, "Budgets"). */
const BUDGETS = { lean: 80 * KIB, sandbox: 250 * KIB };
const ERROR_FACTORY = 'resellersErrorClass';
const ERROR_CLASS = 'ResellersError';
/** Files of the repository root copied into the package as they are. */
const ROOT_FILES = ['LICENSE', 'CHANGELOG.md'];
/** Where src/js/types.d.ts stops being for both flavours (see handWrittenTypes). */
const SANDBOX_ONLY = /^\/\/ --- sandbox flavour only -*$/m;

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const [stageArg = 'target/pkg', outArg = 'dist/npm'] = process.argv.slice(2);
const stage = path.resolve(root, stageArg);
const out = path.resolve(root, outArg);
const template = path.join(root, 'pkg-template');
/** The hand-written declarations, merged into both flavours' .d.ts. */
const HAND_WRITTEN = path.join(root, 'src/js/types.d.ts');
const require = createRequire(import.meta.url);

const warn = (message) => process.stderr.write(`[build] warning: ${message}\n`);
const fail = (message) => {
  process.stderr.write(`[build] error: ${message}\n`);
  process.exit(1);
};

function crateVersion() {
  const toml = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  const section = toml.split(/^\[/m).find((part) => part.startsWith('package]'));
  const match = section && section.match(/^version\s*=\s*"([^"]+)"/m);
  if (!match) fail('no [package] version in Cargo.toml');
  return match[1];
}

/** The runtime exports of a nodejs glue, sorted: the truth about what the wasm offers. */
function glueExports(nodeGlue) {
  return Object.keys(require(nodeGlue)).sort();
}

/** Value exports declared in a glue .d.ts, to cross-check the runtime list. */
function declaredValues(dts) {
  const names = new Set();
  for (const match of dts.matchAll(/^export (?:declare )?(?:function|class|const|let|enum) ([A-Za-z_$][\w$]*)/gm)) {
    names.add(match[1]);
  }
  return [...names].sort();
}

/**
 * Exact types: every `any` in a type position becomes `unknown` (a Rust
 * signature that returns `JsValue` without `unchecked_return_type` types as
 * `any`); each one is reported so the Rust side can give the real type.
 */
function withoutAny(dts, flavour) {
  const lines = dts.split('\n');
  let inComment = false;
  return lines
    .map((line, index) => {
      const trimmed = line.trim();
      if (trimmed.startsWith('/*')) inComment = true;
      const comment = inComment || trimmed.startsWith('*') || trimmed.startsWith('//');
      if (trimmed.includes('*/')) inComment = false;
      if (comment || !/\bany\b/.test(line)) return line;
      warn(`${flavour} glue .d.ts line ${index + 1} had 'any' (now 'unknown'); give the Rust signature an exact type: ${trimmed}`);
      return line.replace(/\bany\b/g, 'unknown');
    })
    .join('\n');
}

/** The top-level type and value names a .d.ts text declares. */
function declaredNames(dts) {
  return [...dts.matchAll(/^export (?:declare )?(?:interface|type|class|function|const|let|enum) ([A-Za-z_$][\w$]*)/gm)].map((match) => match[1]);
}

/**
 * The hand-written declarations a flavour gets (src/js/types.d.ts, whose
 * header says what belongs there): everything above its "sandbox flavour
 * only" line for both, the rest for the sandbox entry too; the file's own
 * header comment left out. The generated names it uses (`FieldViolation`)
 * resolve once it sits in the glue's .d.ts.
 */
function handWrittenTypes(flavour) {
  const text = fs.readFileSync(HAND_WRITTEN, 'utf8');
  const parts = text.split(SANDBOX_ONLY);
  if (parts.length !== 2) fail('src/js/types.d.ts must have exactly one "// --- sandbox flavour only ---" line');
  if (/^\s*import\b/m.test(text)) fail('src/js/types.d.ts imports: it is merged into the glue .d.ts, where an import has no target');
  const [both, sandboxOnly] = parts.map((part) => part.trim());
  const common = both.replace(/^(?:\/\/.*\n)+\n/, '');
  return flavour === 'sandbox' ? `${common}\n\n${sandboxOnly}\n` : `${common}\n`;
}

/**
 * The declarations of one flavour: the hand-written ones first, then what
 * wasm-bindgen wrote (the classes and functions, and the tsify and
 * `wire_enum!` declarations). A name declared on both sides fails the build:
 * each shape has one source.
 */
function flavourTypes(flavour) {
  const glue = fs.readFileSync(path.join(stage, flavour, 'types.d.ts'), 'utf8').replace(/^\/\* (?:tslint:|eslint-)disable \*\/\n/gm, '');
  const [handWritten, glueDts] = withClassMembers(handWrittenTypes(flavour), glue);
  const generated = new Set(declaredNames(glueDts));
  const twice = declaredNames(handWritten).filter((name) => generated.has(name));
  if (twice.length > 0) fail(`${flavour}: [${twice}] declared both in src/js/types.d.ts and by the Rust crate; keep one`);
  return `${handWritten}\n${glueDts.trimStart()}`;
}

/**
 * A hand-written `export interface X` where the glue declares `export class
 * X`: its members (methods Rust cannot type, such as overloads on the query)
 * go into the class, and the interface goes, so the package declares `X`
 * once. A member the class already has fails the build (one source each).
 * Returns the hand-written text and the glue's, so changed.
 */
function withClassMembers(handWritten, glueDts) {
  const glue = ts.createSourceFile('glue.d.ts', glueDts, ts.ScriptTarget.Latest, true);
  const classes = new Map(glue.statements.filter(ts.isClassDeclaration).filter((node) => node.name).map((node) => [node.name.text, node]));
  const hand = ts.createSourceFile('types.d.ts', handWritten, ts.ScriptTarget.Latest, true);
  const glueEdits = [];
  const handEdits = [];
  for (const node of hand.statements) {
    if (!ts.isInterfaceDeclaration(node) || !classes.has(node.name.text)) continue;
    const target = classes.get(node.name.text);
    const has = new Set(target.members.map((member) => member.name?.getText(glue)).filter(Boolean));
    const twice = [...new Set(node.members.map((member) => member.name?.getText(hand)))].filter((name) => has.has(name));
    if (twice.length > 0) fail(`${node.name.text}.[${twice}] declared both in src/js/types.d.ts and by the Rust crate; give the Rust method skip_typescript`);
    // Each member with its JSDoc, indented as the glue's class members are.
    const members = node.members.map((member) => handWritten.slice(member.getFullStart(), member.end).replace(/^\n*/, '\n').replace(/\n {2}/g, '\n    '));
    glueEdits.push({ from: target.end - 1, to: target.end - 1, text: `${members.join('')}\n` });
    handEdits.push({ from: node.getFullStart(), to: node.end, text: '' });
  }
  // From the end, so the earlier offsets stay true.
  const apply = (text, edits) => edits.sort((a, b) => b.from - a.from).reduce((out, edit) => out.slice(0, edit.from) + edit.text + out.slice(edit.to), text);
  return [apply(handWritten, handEdits), apply(glueDts, glueEdits)];
}

/**
 * Every optional property (`name?: T`) becomes `name?: T | undefined`: the
 * runtime reads a member set to `undefined` as left out (JSON has no
 * `undefined`), and under `exactOptionalPropertyTypes` a caller's
 * `siteId: order.siteId` must then type-check. Done here, once, for the
 * generated and the hand-written declarations alike (tsify has no option for
 * it), so no field spells it out.
 */
function withUndefinedOnOptionals(dts) {
  const source = ts.createSourceFile('types.d.ts', dts, ts.ScriptTarget.Latest, true);
  const edits = [];
  const visit = (node) => {
    if ((ts.isPropertySignature(node) || ts.isPropertyDeclaration(node)) && node.questionToken && node.type) {
      const type = node.type;
      const hasUndefined = ts.isUnionTypeNode(type) && type.types.some((member) => member.kind === ts.SyntaxKind.UndefinedKeyword);
      if (!hasUndefined) {
        const wrap = ts.isFunctionTypeNode(type) || ts.isConstructorTypeNode(type) || ts.isConditionalTypeNode(type);
        edits.push({ at: type.getStart(source), text: wrap ? '(' : '' }, { at: type.end, text: `${wrap ? ')' : ''} | undefined` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = dts;
  for (const edit of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, edit.at) + edit.text + out.slice(edit.at);
  return out;
}

/**
 * What `free()` does on each class wasm-bindgen gives one (it emits the
 * method with no documentation). A class missing here stops the build.
 */
const FREE_DOCS = {
  ResellersClient: [
    "Releases this client's wasm memory now instead of when it is garbage",
    'collected (optional: the collector frees it too). Calls in flight,',
    '`withAccount` clients and started iterators keep working; afterwards every',
    'method of this client fails with a `ResellersError` `CLIENT_FREED`. A',
    'second `free()` does nothing.',
  ],
  Sandbox: [
    "Releases this sandbox's wasm memory (its whole world) now instead of when",
    'it is garbage collected (optional: the collector frees it too). Do not use',
    'the sandbox, nor a client whose `fetch` is its `fetch`, afterwards.',
  ],
};

/** The public .d.ts of one flavour: its declarations, adjusted, plus extras. */
function publicTypes(flavour, names, extraTypes) {
  let extra = extraTypes;
  let dts = withoutAny(flavours[flavour].dts, flavour);
  // wasm-bindgen declares `[Symbol.dispose]()`, which fails type checking for
  // every project whose `lib` predates esnext; `free()` is declared beside it.
  dts = dts.replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, '');
  dts = dts.replace(/^(export (?:declare )?class (\w+) \{\n)(\s*)free\(\): void;$/gm, (whole, head, name, indent) => {
    const doc = FREE_DOCS[name];
    if (!doc) throw new Error(`[assemble] ${flavour}: class ${name} has free() and no documentation for it in FREE_DOCS`);
    return `${head}${indent}/**\n${doc.map((line) => `${indent} * ${line}\n`).join('')}${indent} */\n${indent}free(): void;`;
  });
  let errorTypes = '';
  if (names.includes(ERROR_FACTORY)) {
    // The factory stays declared (its return type is the class's type) but is not exported.
    dts = dts.replace(new RegExp(`^export (declare )?function ${ERROR_FACTORY}\\b`, 'm'), `declare function ${ERROR_FACTORY}`);
    const hasClass = new RegExp(`^export (declare )?class ${ERROR_CLASS}\\b`, 'm').test(dts);
    const hasType = new RegExp(`^export (declare )?(interface|type) ${ERROR_CLASS}\\b`, 'm').test(dts);
    if (!hasClass) {
      errorTypes += `\n/** The class of every error the client rejects with: \`err instanceof ${ERROR_CLASS}\`, then match \`err.code\`. */\n`;
      errorTypes += `export declare const ${ERROR_CLASS}: ReturnType<typeof ${ERROR_FACTORY}>;\n`;
      if (!hasType) errorTypes += `export type ${ERROR_CLASS} = InstanceType<typeof ${ERROR_CLASS}>;\n`;
    }
  }
  dts = withUndefinedOnOptionals(dts);
  extra = extra ? withUndefinedOnOptionals(extra) : extra;
  const header = `// Types of wix-resellers${flavour === 'sandbox' ? '/sandbox' : ''} ${version}: generated from the Rust crate by wasm-bindgen and tsify, with the hand-written src/js/types.d.ts.\n`;
  // `export {}` keeps the non-exported helper declarations private.
  return `${header}${dts.trimEnd()}\n${errorTypes}${extra ? `\n${extra.trimEnd()}\n` : ''}\nexport {};\n`;
}

/** The top-level statements of a .d.ts text, each with the name it declares (if any) and its text, JSDoc included. */
function statementsOf(dts) {
  const source = ts.createSourceFile('types.d.ts', dts, ts.ScriptTarget.Latest, true);
  // From the JSDoc on: a file's leading `//` comment is not its first statement's.
  return source.statements.map((node) => ({ name: node.name?.text, text: dts.slice(node.getStart(source, true), node.end) }));
}

/**
 * The sandbox entry's .d.ts over the main entry's: the main entry's
 * declarations come through `export * from '<main>'` (its very classes, as
 * at runtime, see fillEntry), the sandbox's own follow, with `import type`
 * for the main entry's names they use. A name both declare must be declared
 * alike (it is the same Rust or hand-written source), or the build fails.
 */
function sandboxOverMain(sandboxDts, mainDts, mainModule) {
  const main = new Map(statementsOf(mainDts).filter((s) => s.name).map((s) => [s.name, s.text]));
  const squash = (text) => text.replace(/\s+/g, ' ');
  const own = [];
  let header = '';
  for (const statement of statementsOf(sandboxDts)) {
    if (statement.name && main.has(statement.name)) {
      if (squash(main.get(statement.name)) !== squash(statement.text)) {
        fail(`${statement.name} is declared differently by the main and the sandbox entries; they export one object, so one declaration`);
      }
      continue;
    }
    if (/^export \{\s*\};?$/.test(statement.text)) continue;
    own.push(statement.text);
  }
  const leading = sandboxDts.match(/^(?:\/\/.*\n)+/);
  if (leading) header = leading[0];
  const body = own.join('\n\n').replace(/^\/\/ Types of .*\n/, '');
  const code = body.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const used = [...main.keys()].filter((name) => new RegExp(`(?<![\\w$.'"])${name.replace(/\$/g, '\\$')}(?![\\w$'"])`).test(code)).sort();
  const imports = used.length > 0 ? `import type { ${used.join(', ')} } from '${mainModule}';\n` : '';
  return `${header}// The main entry's declarations, for the names this entry shares with it (the same objects at runtime).\nexport * from '${mainModule}';\n${imports}\n${body}\n\nexport {};\n`;
}

/** The public export names: the glue's, with the error factory replaced by the class. */
// Glue classes the entries use internally (iteratePackages' pager): not exports.
const INTERNAL = new Set(['PackagePager', 'CallDriver']);

function publicNames(names) {
  const list = names.filter((name) => name !== ERROR_FACTORY && name !== ERROR_CLASS && !INTERNAL.has(name));
  return names.includes(ERROR_FACTORY) || names.includes(ERROR_CLASS) ? [...list, ERROR_CLASS].sort() : list;
}

/**
 * Fills an entry's placeholders. `names` are the entry's public exports;
 * `shared` those of them the main entry exports too, which the sandbox
 * entries take from the main entry (`main` in CommonJS, the main entry's
 * module in ESM) rather than from their own glue: one object per name across
 * the entries, so a `ResellersError` from either is `instanceof` both.
 */
function fillEntry(text, names, shared = []) {
  const own = names.filter((name) => !shared.includes(name));
  const plain = own.filter((name) => name !== ERROR_CLASS);
  const hasError = own.includes(ERROR_CLASS);
  const factory = glue.includes(ERROR_FACTORY);
  const errorFromGlue = factory ? `glue.${ERROR_FACTORY}()` : `glue.${ERROR_CLASS}`;
  return text
    .replace('/*@@CJS_EXPORTS@@*/', () =>
      [
        ...shared.map((name) => `exports.${name} = main.${name};`),
        ...plain.map((name) => `exports.${name} = glue.${name};`),
        ...(hasError ? [`exports.${ERROR_CLASS} = ${errorFromGlue};`] : []),
      ].join('\n'),
    )
    .replace('/*@@ENTRY_CJS_EXPORTS@@*/', () => names.map((name) => `exports.${name} = entry.${name};`).join('\n'))
    .replace('/*@@PUBLIC_EXPORTS@@*/', () =>
      [
        '/** The public exports, taken from the glue once per process. */',
        'function publicExports(glue) {',
        '  return {',
        ...plain.map((name) => `    ${name}: glue.${name},`),
        ...(hasError ? [`    ${ERROR_CLASS}: ${errorFromGlue},`] : []),
        '  };',
        '}',
      ].join('\n'),
    )
    .replace(/\/\*@@NODE_GLUE (\w+)@@\*\//, (_, flavour) => nodeGlue(flavour))
    .replace('/*@@MJS_EXPORTS@@*/', () => `export const {\n${names.map((name) => `  ${name},`).join('\n')}\n} = entry;`)
    .replace(/\/\*@@WEB_EXPORTS (\S+)(?: (\S+))?@@\*\//, (_, from, mainEntry) => {
      if (shared.length > 0 && !mainEntry) fail('an entry sharing names with the main entry needs its module: /*@@WEB_EXPORTS <glue> <main entry>@@*/');
      const lines = [];
      if (shared.length > 0) lines.push(`export {\n${shared.map((name) => `  ${name},`).join('\n')}\n} from '${mainEntry}';`);
      if (plain.length > 0) lines.push(`export {\n${plain.map((name) => `  ${name},`).join('\n')}\n} from '${from}';`);
      if (hasError && factory) {
        lines.push(`import { ${ERROR_FACTORY} } from '${from}';`, `export const ${ERROR_CLASS} = ${ERROR_FACTORY}();`);
      } else if (hasError) {
        lines.push(`export { ${ERROR_CLASS} } from '${from}';`);
      }
      return lines.join('\n');
    });
}

/**
 * The nodejs glue of a flavour (wasm/<flavour>/node.cjs) as one function the
 * Node entries carry inline: `nodeGlue(exports, module, require, wasmFile,
 * embeddedWasm)` runs the glue as the CommonJS wrapper would and returns its
 * exports. Inline, a cold `require` or `import` loads one file instead of
 * two, and the ESM entry loads no CommonJS at all.
 *
 * Where the .wasm comes from is the entry's to say (README.md, "Bundling"):
 * `wasmFile` is a path or file: URL, which plain Node and the bundlers that
 * carry the file (webpack, Vite, Next.js) resolve; `embeddedWasm()` returns
 * the bytes of wasm/<flavour>/embedded.cjs where a bundler bundled that
 * module instead (esbuild), or nothing. It runs only when the file is
 * missing, so plain Node never loads the embedded copy.
 */
function nodeGlue(flavour) {
  const dir = path.join(out, 'wasm', flavour);
  const locate = 'const wasmPath = `${__dirname}/wix_resellers_bg.wasm`;\n';
  const read = "const wasmBytes = require('fs').readFileSync(wasmPath);";
  const text = fs.readFileSync(path.join(dir, 'node.cjs'), 'utf8');
  if (!text.includes(locate + read)) fail(`wasm/${flavour}/node.cjs no longer reads the .wasm with \`${locate}${read}\`; update nodeGlue()`);
  if (text.replace(locate, '').includes('__dirname')) fail(`wasm/${flavour}/node.cjs uses __dirname beyond the .wasm path; nodeGlue() passes no __dirname`);
  const size = fs.statSync(path.join(dir, 'wix_resellers_bg.wasm')).size;
  return [
    `// The wasm-bindgen nodejs glue of the ${flavour} build: wasm/${flavour}/node.cjs, except that`,
    '// it reads the .wasm with the size known at build time (no fstat: about 0.1 ms cold), from',
    '// where the entry says, or takes the embedded copy a bundler bundled (see loadWasm).',
    'function nodeGlue(exports, module, require, wasmFile, embeddedWasm) {',
    text.trimEnd().replace(locate + read, () => `const wasmBytes = loadWasm(require('fs'), wasmFile, ${size}, embeddedWasm);`),
    '',
    '/** The .wasm, read as `size` bytes (readFileSync if the file is not that size); if it is missing, the embedded copy. */',
    'function loadWasm(fs, file, size, embedded) {',
    '  let fd;',
    '  try {',
    "    fd = fs.openSync(file, 'r');",
    '  } catch (error) {',
    '    return embeddedOr(embedded, file, error);',
    '  }',
    '  try {',
    '    const bytes = new Uint8Array(size + 1);',
    '    let length = 0;',
    '    for (let n; length < bytes.length && (n = fs.readSync(fd, bytes, length, bytes.length - length, null)) > 0; ) length += n;',
    '    return length === size ? bytes.subarray(0, size) : fs.readFileSync(file);',
    '  } finally {',
    '    fs.closeSync(fd);',
    '  }',
    '}',
    '',
    '/**',
    ' * A bundle that carried neither the .wasm nor its embedded copy fails here, with the',
    " * fix, rather than with the ENOENT or 'Invalid URL' of a path that only held in node_modules.",
    ' */',
    'function embeddedOr(embedded, file, cause) {',
    '  let bytes;',
    '  try {',
    '    bytes = embedded();',
    '  } catch (_) {}',
    '  if (bytes) return bytes;',
    '  throw new Error(',
    `    \`wix-resellers: its .wasm is not at \${file ?? 'a file: URL (import.meta.url is empty)'} (\${cause.code || cause.message}): a bundler moved this module without it. \` +`,
    "      'Keep wix-resellers external to the bundle, or see https://github.com/wix-resellers/wix-resellers#bundling for your bundler.',",
    '    { cause },',
    '  );',
    '}',
    'return exports;',
    '}',
    '',
  ].join('\n');
}

/**
 * wasm/<flavour>/embedded.cjs: the .wasm as base64, decoded when required.
 * The Node entries require it only when the .wasm file is missing, which
 * happens only in a bundle that could not carry the file (esbuild has no
 * asset for `new URL(..., import.meta.url)`); esbuild bundles it because the
 * entries name it in a plain `require()`, so such a bundle needs no option.
 */
function embeddedWasm(flavour) {
  const dir = path.join(out, 'wasm', flavour);
  const base64 = fs.readFileSync(path.join(dir, 'wix_resellers_bg.wasm')).toString('base64');
  const text = [
    "'use strict';",
    `// The ${flavour} .wasm (wix_resellers_bg.wasm beside this file) as base64, for a bundle that`,
    "// could not carry the file; see nodeGlue's loadWasm in the entries.",
    `module.exports = Buffer.from('${base64}', 'base64');`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'embedded.cjs'), text);
}

/**
 * wasm-bindgen names a snippet module once per `extern` block that imports
 * from it, so the import object `__wbg_get_imports()` returns can hold one
 * key twice (`"./snippets/…/error_class.mjs": import1, … : import2`), which
 * esbuild, wrangler's bundler among them, reports as a duplicate key. Each
 * value is that same module (its namespace, or the inlined snippet's
 * exports), so the later lines say nothing new and go. In web.mjs the
 * `import * as importN` line of a dropped key must name the same module.
 */
function withoutDuplicateImportKeys(text, file) {
  const sources = new Map([...text.matchAll(/^import \* as (import\d+) from "([^"]+)"$/gm)].map((match) => [match[1], match[2]]));
  const seen = new Set();
  return text.replace(/^( +)"([^"]+)": (import\d+),\n/gm, (line, _indent, key, name) => {
    if (sources.has(name) && sources.get(name) !== key) fail(`${file}: import object key ${key} holds ${name}, imported from ${sources.get(name)}`);
    if (!seen.has(key)) {
      seen.add(key);
      return line;
    }
    return '';
  });
}

function copyTemplate(relative, names, shared) {
  const text = fs.readFileSync(path.join(template, relative), 'utf8');
  const filled = fillEntry(text, names, shared);
  if (filled.includes('@@')) fail(`unfilled placeholder left in ${relative}`);
  const target = path.join(out, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, filled);
  fs.chmodSync(target, fs.statSync(path.join(template, relative)).mode & 0o777);
}

// ---------------------------------------------------------------------------

const version = crateVersion();
let glue = [];
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const flavours = {};
for (const flavour of ['lean', 'sandbox']) {
  const from = path.join(stage, flavour);
  const to = path.join(out, 'wasm', flavour);
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['node.cjs', 'web.mjs']) {
    const text = withoutDuplicateImportKeys(fs.readFileSync(path.join(from, file), 'utf8').replace(/^\/\* @ts-self-types=.*\*\/\n/m, ''), `${flavour}/${file}`);
    const left = file === 'node.cjs' && text.match(/require\((?:String\.raw)?[`'"]\.\/snippets\/[^'"`]*[`'"]\)/);
    if (left) fail(`${flavour}/node.cjs still has ${left[0]}: scripts/snippets.mjs did not inline that snippet`);
    fs.writeFileSync(path.join(to, file), text);
  }
  fs.copyFileSync(path.join(from, 'wix_resellers_bg.wasm'), path.join(to, 'wix_resellers_bg.wasm'));
  if (fs.existsSync(path.join(from, 'snippets'))) {
    fs.cpSync(path.join(from, 'snippets'), path.join(to, 'snippets'), { recursive: true });
  }
  const names = glueExports(path.join(to, 'node.cjs'));
  const dts = flavourTypes(flavour);
  const declared = declaredValues(dts);
  // Internal glue classes carry no declaration; the error class is declared
  // in src/js/types.d.ts while the glue exports its factory.
  const runtime = names.filter((name) => !INTERNAL.has(name));
  const typed = declared.filter((name) => name !== ERROR_CLASS || !names.includes(ERROR_FACTORY));
  if (runtime.join() !== typed.join()) {
    warn(`${flavour}: runtime exports [${names}] differ from the .d.ts values [${declared}]`);
  }
  flavours[flavour] = { names, exports: publicNames(names), dts };
}

// Main entry (lean build). Its Node entries fall back to the embedded .wasm
// (see embeddedWasm); the sandbox build has no such copy: its entry is for
// Node tests and dev servers, which keep the package external.
glue = flavours.lean.names;
embeddedWasm('lean');
for (const file of ['index.cjs', 'index.mjs', 'workerd.mjs', 'browser.mjs']) copyTemplate(file, flavours.lean.exports);
// The operator CLI: a front over the main entry (../index.cjs), no placeholders.
copyTemplate('bin/wix-resellers.cjs', flavours.lean.exports);
const leanTypes = publicTypes('lean', glue, '');
fs.writeFileSync(path.join(out, 'index.d.mts'), leanTypes);
fs.writeFileSync(path.join(out, 'index.d.cts'), leanTypes);

// ./sandbox entry (sandbox build) and its Node-only server and CLI. The names
// the main entry exports too are the main entry's objects (see fillEntry).
glue = flavours.sandbox.names;
const sharedNames = flavours.sandbox.exports.filter((name) => flavours.lean.exports.includes(name));
for (const file of ['sandbox/index.cjs', 'sandbox/index.mjs', 'sandbox/workerd.mjs', 'sandbox/browser.mjs', 'sandbox/server.cjs', 'sandbox/state-file.cjs', 'sandbox/durable-object.mjs', 'bin/wix-resellers-sandbox.cjs']) {
  copyTemplate(file, flavours.sandbox.exports, sharedNames);
}
const serverTypes = fs.readFileSync(path.join(template, 'sandbox/server.d.ts'), 'utf8');
const sandboxTypes = publicTypes('sandbox', glue, serverTypes);
fs.writeFileSync(path.join(out, 'sandbox/index.d.mts'), sandboxOverMain(sandboxTypes, leanTypes, '../index.mjs'));
fs.writeFileSync(path.join(out, 'sandbox/index.d.cts'), sandboxOverMain(sandboxTypes, leanTypes, '../index.cjs'));

const manifest = JSON.parse(fs.readFileSync(path.join(template, 'package.json'), 'utf8'));
manifest.version = version;
fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
fs.copyFileSync(path.join(template, 'README.md'), path.join(out, 'README.md'));
// The repository's own files the tarball ships as they are (package.json's
// "files" lists them too): the license package.json names, and the changelog.
for (const file of ROOT_FILES) {
  if (!fs.existsSync(path.join(root, file))) fail(`${file} is missing at the repository root; the package ships it`);
  fs.copyFileSync(path.join(root, file), path.join(out, file));
}

// ---------------------------------------------------------------------------
// Sizes: gzip -9 is deterministic, so the budgets are checked on every build.

const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).byteLength;
const kib = (bytes) => `${(bytes / KIB).toFixed(1)} KiB`;
const rows = [];
for (const flavour of ['lean', 'sandbox']) {
  for (const file of ['wix_resellers_bg.wasm', 'node.cjs', 'web.mjs']) {
    const full = path.join(out, 'wasm', flavour, file);
    rows.push({ flavour, file: `wasm/${flavour}/${file}`, raw: fs.statSync(full).size, gzip: gz(full) });
  }
}
const widths = [36, 10, 10, 20];
const cell = (text, i) => (i === 0 ? String(text).padEnd(widths[i]) : String(text).padStart(widths[i]));
const line = (cells) => cells.map(cell).join(' ');
console.log(`[build] dist/npm: wix-resellers ${version}, exports "." [${flavours.lean.exports.join(', ')}]`);
console.log(`[build]   "./sandbox" [${[...flavours.sandbox.exports, 'startSandboxServer', 'SandboxDurableObject'].join(', ')}]`);
console.log(line(['file', 'raw', 'gzip', 'budget (gzip)']));
let over = false;
for (const row of rows) {
  let budget = '';
  if (row.file.endsWith('.wasm')) {
    const limit = BUDGETS[row.flavour];
    const ok = row.gzip <= limit;
    over ||= !ok;
    budget = `${ok ? 'ok' : 'OVER'} <= ${kib(limit)}`;
  }
  console.log(line([row.file, kib(row.raw), kib(row.gzip), budget]));
}
fs.writeFileSync(path.join(stage, 'sizes.json'), `${JSON.stringify(rows, null, 2)}\n`);
if (over) fail('a .wasm exceeds its gzipped budget from docs/architecture.md (see the table above)');

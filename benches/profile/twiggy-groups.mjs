// Groups `twiggy top` of a .wasm kept with names by crate / module, so the
// size can be read per part of the code: `node twiggy-groups.mjs file.wasm`.
import { execFileSync } from 'node:child_process';

const file = process.argv[2];
const csv = execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'csv', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
const rows = csv.trim().split('\n').slice(1).map((line) => {
  const m = line.match(/^("(?:[^"]|"")*"|[^,]*),(\d+),([\d.]+)/);
  return m ? { name: m[1].replace(/^"|"$/g, '').replace(/""/g, '"'), bytes: Number(m[2]) } : null;
}).filter(Boolean);
const group = (name) => {
  if (/"function names" subsection|^name section/.test(name)) return null;
  if (/^data segment/.test(name)) return 'data segments (.rodata: strings, tables)';
  if (/externref shim|^__wbg|^__wbindgen|wasm_bindgen|js_sys|web_sys/.test(name)) return 'wasm-bindgen / js-sys / web-sys glue (incl. future_to_promise)';
  const own = name.match(/wix_resellers::(\w+)(?:::(\w+))?/);
  if (own) return `wix_resellers::${own[1]}${own[1] === 'model' || own[1] === 'client' || own[1] === 'rules' ? `::${own[2] ?? ''}` : ''}`;
  if (/serde_json/.test(name)) return 'serde_json';
  if (/serde_core|serde\[|serde::/.test(name)) return 'serde_core (derive impls of other types)';
  if (/tsify/.test(name)) return 'tsify';
  if (/dlmalloc|alloc::|RawVec|<alloc/.test(name)) return 'alloc / dlmalloc';
  if (/core::fmt|fmt::|Display>::fmt|Debug>::fmt|escape_debug|core\[.*\]::fmt/.test(name)) return 'core::fmt (formatting, incl. f64 Display)';
  if (/core|std/.test(name)) return 'core / std (other)';
  if (/^code\[\d+\]/.test(name)) return 'unnamed code';
  return 'other';
};
const sums = new Map();
let total = 0;
for (const { name, bytes } of rows) {
  const g = group(name);
  if (!g) continue;
  total += bytes;
  sums.set(g, (sums.get(g) ?? 0) + bytes);
}
console.log(`${file}: ${total} bytes of code and data (names section excluded)`);
for (const [g, bytes] of [...sums].sort((a, b) => b[1] - a[1])) {
  console.log(`${String(bytes).padStart(8)} ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${g}`);
}

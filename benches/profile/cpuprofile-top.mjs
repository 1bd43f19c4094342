// Prints the top functions of a V8 .cpuprofile (node --cpu-prof) by self
// time and by inclusive ("total") time, with shares of the sampled time.
// Usage: node cpuprofile-top.mjs <file.cpuprofile> [count] [filter-regex]
import fs from 'node:fs';

const [file, countArg = '25', filter] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const selfSamples = new Map();
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfSamples.set(id, (selfSamples.get(id) ?? 0) + dt);
});
const label = (node) => {
  const f = node.callFrame;
  const where = f.url ? ` ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\//, '')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'}${where}`;
};
const self = new Map();
const total = new Map();
let all = 0;
for (const [id, us] of selfSamples) {
  all += us;
  const node = byId.get(id);
  const key = label(node);
  self.set(key, (self.get(key) ?? 0) + us);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = label(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + us);
  }
}
const re = filter ? new RegExp(filter) : null;
const print = (title, map) => {
  console.log(`\n${title} (of ${(all / 1000).toFixed(1)} ms sampled)`);
  [...map]
    .filter(([k]) => !re || re.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(countArg))
    .forEach(([k, us]) => console.log(`${(us / 1000).toFixed(2).padStart(9)} ms ${((100 * us) / all).toFixed(1).padStart(5)}%  ${k}`));
};
print('self time', self);
print('total time', total);

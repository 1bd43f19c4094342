#!/usr/bin/env node
// The packed tarball of dist/npm through @arethetypeswrong/cli (every entry
// of the exports map, under node10, node16 from CJS and from ESM, and
// bundler resolution; the "strict" profile) and publint (--strict: warnings
// fail too). Both come from tests/types/package.json (`npm ci` there; `make pkg-lint`).
// Then `npm publish --dry-run` of dist/npm, which must be clean (see
// publishDryRun): it never publishes and needs no network.
//
// Usage: node tests/types/lint-package.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const bin = (name) => path.join(here, 'node_modules/.bin', name);

/** Files the tarball must ship beside the code. */
const SHIPPED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
/**
 * Where the dry run "publishes": a registry nobody serves (the discard port
 * of the loopback address), so even a run without --dry-run could not reach
 * npmjs.org, nor authenticate anywhere.
 */
const NOWHERE = 'http://127.0.0.1:9/';

/**
 * `npm publish --dry-run` of dist/npm, as a release would run it: exit 0
 * and no `npm warn` (npm warns, for one, about every package.json field it
 * corrects on publish, which it does for a folder and not for a tarball),
 * the shipped files in its list, and repository, homepage and bugs in the
 * packed package.json (`tarball`, packed from the same folder). Returns the
 * problems.
 *
 * It never publishes: --dry-run is checked to be there before npm runs;
 * --offline keeps npm off the network (it would look the name up on the
 * registry); the user config is a file of our own, so no token of the
 * user's is read, and its one line is a placeholder token for NOWHERE,
 * which keeps npm's "requires you to be logged in" warning (about this
 * machine, not the package) out of the output.
 */
function publishDryRun(folder, tarball, scratch) {
  const userconfig = path.join(scratch, 'npmrc');
  fs.writeFileSync(userconfig, `${NOWHERE.replace(/^https?:/, '')}:_authToken=placeholder-for-dry-run\n`);
  const args = ['publish', folder, '--dry-run', '--offline', '--ignore-scripts', '--json', '--loglevel=warn', '--userconfig', userconfig, '--registry', NOWHERE];
  if (!args.includes('--dry-run') || args.some((arg) => /^--dry-run=|^--no-dry-run/.test(arg))) throw new Error('npm publish without --dry-run');
  console.log(`$ npm ${args.join(' ').replaceAll(scratch, '<tmp>').replaceAll(root, '.')}`);
  // No npm_config_* from the caller (`npm run`, CI) can change the run; the flags above win anyway.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
  const run = spawnSync('npm', args, { encoding: 'utf8', timeout: 120_000, env, cwd: scratch });
  const problems = [];
  const stderr = (run.stderr ?? '').trim();
  if (run.status !== 0) problems.push(`npm publish --dry-run exited ${run.status ?? run.signal}: ${stderr.replaceAll(scratch, '<tmp>')}`);
  for (const line of stderr.split('\n').filter((text) => /^npm (warn|error|ERR!)/i.test(text))) problems.push(`npm said: ${line}`);
  let report;
  try {
    const json = JSON.parse(run.stdout);
    report = json.files ? json : Object.values(json)[0];
  } catch {
    problems.push(`no JSON report from npm publish --dry-run: ${run.stdout.slice(0, 200)}`);
    return problems;
  }
  const files = report.files.map((file) => file.path);
  console.log(`${report.id}: ${report.entryCount} files, ${(report.size / 1024).toFixed(1)} KiB packed`);
  for (const file of SHIPPED) if (!files.includes(file)) problems.push(`${file} is not in the tarball`);
  const manifest = JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }));
  if (report.id !== `${manifest.name}@${manifest.version}`) problems.push(`npm would publish ${report.id}, package.json says ${manifest.name}@${manifest.version}`);
  const https = (url) => typeof url === 'string' && url.startsWith('https://');
  if (manifest.repository?.type !== 'git' || !/^git\+https:\/\/.+\.git$/.test(manifest.repository?.url ?? '')) {
    problems.push(`repository is not { type: 'git', url: 'git+https://….git' }: ${JSON.stringify(manifest.repository)}`);
  }
  if (!https(manifest.homepage)) problems.push(`homepage is not an https URL: ${JSON.stringify(manifest.homepage)}`);
  if (!https(manifest.bugs?.url)) problems.push(`bugs.url is not an https URL: ${JSON.stringify(manifest.bugs)}`);
  if (problems.length === 0) console.log(`repository ${manifest.repository.url}, homepage ${manifest.homepage}, bugs ${manifest.bugs.url}; ships ${SHIPPED.join(', ')}`);
  return problems;
}

if (!fs.existsSync(path.join(root, 'dist/npm/package.json'))) throw new Error('dist/npm is missing: run `make build` first');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wix-resellers-pkg-lint-'));
try {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', path.join(root, 'dist/npm'), '--json', '--pack-destination', dir, '--loglevel=error'], { encoding: 'utf8' }),
  );
  const tarball = path.join(dir, path.basename(filename));
  let failed = 0;
  for (const [name, args] of [
    ['attw', [tarball, '--profile', 'strict', '--format', 'table-flipped', '--no-color', '--no-emoji']],
    ['publint', ['run', tarball, '--strict']],
  ]) {
    try {
      process.stdout.write(execFileSync(bin(name), args, { encoding: 'utf8', timeout: 300_000 }));
      console.log(`ok     ${name}`);
    } catch (error) {
      process.stdout.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
      console.log(`FAILED ${name}`);
      failed += 1;
    }
  }
  const problems = publishDryRun(path.join(root, 'dist/npm'), tarball, dir);
  for (const problem of problems) console.log(`  ${problem}`);
  console.log(`${problems.length === 0 ? 'ok    ' : 'FAILED'} npm publish --dry-run`);
  if (problems.length > 0) failed += 1;
  console.log(`${3 - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

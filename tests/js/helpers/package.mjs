// Packs dist/npm and installs the tarball into a scratch project, exactly as
// a user would (`npm install ./wix-resellers-x.y.z.tgz`), once per tarball:
// test files run in parallel processes, so a lock directory serialises the
// install and a stamp (the tarball's hash) makes later callers reuse it.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const dist = path.join(root, 'dist/npm');
export const scratch = path.join(root, 'tests/js/.scratch');
export const project = path.join(scratch, 'project');
export const fixtures = path.join(root, 'tests/js/fixtures');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function withLock(fn) {
  const lock = path.join(scratch, '.lock');
  fs.mkdirSync(scratch, { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true }); // left by a killed run
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

const npm = (args, cwd) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 180_000 });

let installed;
/** Installs (or reuses) the packed package; returns the scratch project's directory. */
export function installPackage() {
  installed ??= withLock(() => {
    if (!fs.existsSync(path.join(dist, 'package.json'))) throw new Error('dist/npm is missing: run `make build` first');
    const [{ filename }] = JSON.parse(npm(['pack', dist, '--json', '--pack-destination', scratch], root));
    const tarball = path.join(scratch, path.basename(filename));
    const hash = createHash('sha256').update(fs.readFileSync(tarball)).digest('hex');
    const stamp = path.join(project, '.installed');
    if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return project;
    fs.rmSync(project, { recursive: true, force: true });
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'scratch-consumer', version: '0.0.0', private: true }, null, 2)}\n`);
    // --offline: the package has no dependencies, so nothing may come from the network.
    npm(['install', '--offline', tarball], project);
    for (const file of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, file), path.join(project, file));
    fs.writeFileSync(stamp, hash);
    return project;
  });
  return installed;
}

/** `require` as the scratch project's own code would call it. */
export async function projectRequire() {
  return createRequire(path.join(await installPackage(), 'index.js'));
}

/** ESM `import` of a specifier, resolved from the scratch project (through a module placed there). */
export async function projectImport(specifier) {
  const dir = await installPackage();
  const shim = path.join(dir, `import-${specifier.replace(/\W+/g, '_')}.mjs`);
  if (!fs.existsSync(shim)) fs.writeFileSync(shim, `export * from '${specifier}';\n`);
  return import(pathToFileURL(shim).href);
}

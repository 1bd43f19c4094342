// The installed `wix-resellers-sandbox` bin, for the CLI tests.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { installPackage } from './package.mjs';

/** The bin's path in the test project (installs the package first). */
export async function sandboxBin() {
  return path.join(await installPackage(), 'node_modules/.bin/wix-resellers-sandbox');
}

/**
 * Starts the bin with `args` and resolves once its whole banner is out (the
 * URL, then "Ctrl-C stops it."): `{ child, url, exited, output, errors }`.
 * Rejects if it exits first or prints no URL within 15 s.
 */
export async function launchSandboxBin(args) {
  const child = spawn(await sandboxBin(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 15 s:\n${stdout}${stderr}`)), 15_000);
    child.stdout.on('data', () => {
      const match = stdout.match(/wix-resellers sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match && /Ctrl-C/.test(stdout)) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before listening:\n${stdout}${stderr}`));
    });
  });
  return { child, url, exited, output: () => stdout, errors: () => stderr };
}

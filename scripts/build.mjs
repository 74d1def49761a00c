// Compiles src/ to dist/ (tsc -p tsconfig.build.json) and copies the files the server reads next
// to its code (web chat page, admin page). `--if-needed` skips the work when dist/ is newer than
// every file under src/ and the build config, so `npm start` only compiles after a change.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, 'main.js');
/** Files the code reads with import.meta.url at run time, beside the compiled modules. */
const ASSETS = ['webchat/chat.html', 'webchat/chat.js', 'admin/public'];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const configs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => path.join(root, f));
if (process.argv.includes('--if-needed') && existsSync(stamp)) {
  const sources = Math.max(newestMtime(src), ...configs.map((f) => statSync(f).mtimeMs));
  if (statSync(stamp).mtimeMs >= sources) process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
for (const asset of ASSETS) cpSync(path.join(src, asset), path.join(dist, asset), { recursive: true });

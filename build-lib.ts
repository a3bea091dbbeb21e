// Builds the library half of gtkit for projects that import it without gtkit's own loaders:
// JavaScript and declaration files under dist/, which the package's `exports` name under the
// `types` and `default` conditions. gtkit's CLI, its tests and task folders load the TypeScript
// sources instead (the `gtkit-source` condition), so dist/ never goes stale under them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
/**
 * Where to write: dist/, or `--out-dir <dir>` (the package tests build into a temporary package).
 * The folder is emptied first, so one that is or holds the checkout, or the current folder, is
 * refused: a slip such as a missing value must not delete the work.
 */
function outputFolder(): string {
  const flag = process.argv.indexOf('--out-dir');
  if (flag === -1) return join(root, 'dist');
  const given = process.argv[flag + 1];
  if (given === undefined || given === '' || given.startsWith('--')) fail('--out-dir needs a folder, e.g. --out-dir /tmp/gtkit-dist');
  const folder = resolve(given);
  const holds = (outer: string, inner: string) => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
  if (holds(folder, root) || holds(folder, process.cwd())) fail(`--out-dir ${given}: it is emptied first, and it is or holds ${holds(folder, root) ? 'this checkout' : 'the current folder'}; give a folder of its own`);
  return folder;
}

function fail(message: string): never {
  process.stderr.write(`build-lib: ${message}\n`);
  process.exit(2);
}

const out = outputFolder();

/** Files the compiled modules read beside themselves (`new URL('./x', import.meta.url)`). */
const isAsset = (name: string) => name.endsWith('.liquid.html');

/** Copies the assets of every source folder the compiler wrote a module for. */
function copyAssets(folder: string): number {
  let copied = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) copied += copyAssets(path);
    else if (isAsset(entry.name) && existsSync(join(out, relative(root, folder)))) {
      copyFileSync(path, join(out, relative(root, path)));
      copied++;
    }
  }
  return copied;
}

rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.lib.json'), '--outDir', out], { stdio: 'inherit' });
if (compiled.status !== 0) {
  process.stderr.write(`build-lib: tsc -p tsconfig.lib.json failed (exit ${compiled.status ?? compiled.signal}); ${relative(process.cwd(), out) || '.'} is incomplete\n`);
  process.exit(1);
}
const assets = ['lambdas', 'templates', 'scaffold'].reduce((n, folder) => n + copyAssets(join(root, folder)), 0);
process.stdout.write(`build-lib: wrote ${relative(process.cwd(), out) || '.'} (${assets} template file(s) copied)\n`);

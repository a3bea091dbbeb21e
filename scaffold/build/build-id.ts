import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The gtkit build id: a short content hash of the gtkit code that goes into the Lambda bundles,
 * the package's `lambdas/` tree. Deploy records it per function (deploy state, `gtkit-build` tag)
 * to tell when it swaps a function's code for code another gtkit built. Not the package version:
 * every commit so far is 0.1.0, so two gtkits a team upgrades between share it.
 */

/** The tag deploy puts on a function, naming the build id of the gtkit that built its code. */
export const gtkitBuildTag = 'gtkit-build';

/** Hex digits kept: enough to tell builds apart, short enough to read in a message. */
const shownDigits = 12;

const byRoot = new Map<string, string | undefined>();

/** Every file under `dir`, as paths relative to it with `/`, sorted: the same order on every machine. */
function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(dir, path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/**
 * The build id of the gtkit package at `root` (a real path: a task's resolved gtkit, or the
 * running one), or undefined when it has no `lambdas/` folder. Each file's path and bytes go into
 * the hash, so a change, an addition, a removal or a rename changes it. Read once per package
 * per process (about 1 MB of sources).
 *
 * @example
 * gtkitBuildId(gtkitFor(task.dir).root); // 'a3f09c21be47'
 */
export function gtkitBuildId(root: string): string | undefined {
  if (byRoot.has(root)) return byRoot.get(root);
  const lambdas = join(root, 'lambdas');
  let id: string | undefined;
  if (existsSync(lambdas)) {
    const hash = createHash('sha256');
    for (const file of filesUnder(lambdas)) {
      const bytes = readFileSync(join(lambdas, file));
      // Path and length first, so no two trees hash alike by moving bytes across a file boundary.
      hash.update(`${file}\0${bytes.length}\0`).update(bytes);
    }
    id = hash.digest('hex').slice(0, shownDigits);
  }
  byRoot.set(root, id);
  return id;
}

import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/** The gtkit package running this build. */
export const runningGtkitRoot = realpathSync(fileURLToPath(new URL('../../', import.meta.url)));

function findInstalledGtkit(from: string): string | undefined {
  for (let d = from; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', 'gtkit');
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Resolves `gtkit` and `gtkit/<subpath>` in task code: through the task's own
 * `node_modules/gtkit` when it has one, else through the gtkit running the build (so a task
 * folder works inside this repository, in a temporary folder, or anywhere). Only subpaths the
 * package exports are allowed.
 */
export function gtkitResolver(taskDir: string): Plugin {
  const root = findInstalledGtkit(taskDir) ?? runningGtkitRoot;
  const exportsMap = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string> }).exports;
  return {
    name: 'gtkit-resolver',
    setup(build) {
      build.onResolve({ filter: /^gtkit(\/.*)?$/ }, (args) => {
        const subpath = args.path === 'gtkit' ? '.' : `.${args.path.slice('gtkit'.length)}`;
        const target = exportsMap[subpath];
        if (!target) {
          return { errors: [{ text: `"${args.path}" is not a gtkit entry point; use one of ${Object.keys(exportsMap).map((k) => (k === '.' ? 'gtkit' : `gtkit${k.slice(1)}`)).join(', ')}` }] };
        }
        return { path: resolve(root, target) };
      });
    },
  };
}

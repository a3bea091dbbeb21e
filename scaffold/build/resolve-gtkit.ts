import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/** The gtkit package running this build (this checkout, or an installed copy). */
export const runningGtkitRoot = realpathSync(fileURLToPath(new URL('../../', import.meta.url)));

/** Which gtkit a task's `import … from 'gtkit'` means, and the entry points it exports. */
export interface GtkitPackage {
  root: string;
  /** `'task'`: the task's own `node_modules/gtkit`; `'running'`: the gtkit doing the build. */
  source: 'task' | 'running';
  /** Export subpath (`.`, `./testing`, …) → absolute file. */
  entries: Map<string, string>;
}

/** The nearest `node_modules/gtkit` above the task folder, as Node's resolution would find it (its real path). */
export function findInstalledGtkit(from: string): string | undefined {
  for (let d = resolve(from); ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', 'gtkit');
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(d) === d) return undefined;
  }
}

// Conditions an ESM bundle for Node honours, in the order Node tries them, after gtkit's own:
// task code bundles from gtkit's TypeScript sources, as it runs in gtkit run (see task-imports.ts).
const conditions = ['gtkit-source', 'import', 'node', 'default'];

/** One `exports` value: a path, or a conditions object (possibly nested). */
function exportTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const c of conditions) {
      const hit = exportTarget((value as Record<string, unknown>)[c]);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Reads a gtkit package's `exports` map. Wildcard subpaths are not used by gtkit and not followed. */
export function readGtkitPackage(root: string, source: GtkitPackage['source']): GtkitPackage {
  const file = join(root, 'package.json');
  let pkg: { name?: unknown; exports?: unknown };
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; exports?: unknown };
  } catch (error) {
    throw new Error(`${file}: cannot read the gtkit package (${(error as Error).message}); reinstall gtkit in the task folder`);
  }
  const raw = typeof pkg.exports === 'string' ? { '.': pkg.exports } : pkg.exports;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file}: has no "exports" map; this gtkit is too old for gtkit build`);
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const target = exportTarget(value);
    if (!key.startsWith('.') || key.includes('*') || !target) continue;
    const abs = resolve(root, target);
    // An exports target must stay inside its package (Node refuses the same).
    if (abs !== root && !abs.startsWith(root + sep)) continue;
    entries.set(key, abs);
  }
  return { root, source, entries };
}

/** The gtkit a task folder builds against: its own install if it has one, else the running gtkit. */
export function gtkitFor(taskDir: string): GtkitPackage {
  const installed = findInstalledGtkit(taskDir);
  return installed && installed !== runningGtkitRoot ? readGtkitPackage(installed, 'task') : readGtkitPackage(runningGtkitRoot, installed ? 'task' : 'running');
}

function specifierOf(subpath: string): string {
  return subpath === '.' ? 'gtkit' : `gtkit${subpath.slice(1)}`;
}

/** The export subpath an import of gtkit names: `gtkit` → `.`, `gtkit/testing` → `./testing`. */
export function subpathOf(specifier: string): string {
  return specifier === 'gtkit' ? '.' : `.${specifier.slice('gtkit'.length)}`;
}

/**
 * An esbuild plugin that resolves `gtkit` and `gtkit/<subpath>` in task code through the task's
 * own `node_modules/gtkit` when it has one, and otherwise through the gtkit running the build,
 * so a task folder builds inside this repository, in a temporary folder or anywhere else. Only
 * subpaths in the package's `exports` map are allowed; anything else is an error that lists them.
 */
export function gtkitResolver(taskDir: string, pkg: GtkitPackage = gtkitFor(taskDir)): Plugin {
  const allowed = [...pkg.entries.keys()].filter((k) => !k.endsWith('.json')).map(specifierOf);
  return {
    name: 'gtkit-resolver',
    setup(build) {
      build.onResolve({ filter: /^gtkit(?:\/.*)?$/ }, (args) => {
        const target = pkg.entries.get(subpathOf(args.path));
        if (!target) return { errors: [{ text: `"${args.path}" is not a gtkit entry point; import one of ${allowed.join(', ')}` }] };
        if (!existsSync(target)) {
          return { errors: [{ text: `"${args.path}" points at ${target}, which does not exist; reinstall gtkit (${pkg.root})` }] };
        }
        return { path: target };
      });
    },
  };
}

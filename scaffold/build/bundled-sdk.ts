import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Metafile } from 'esbuild';
import { shellWord, shownPath } from '../cli/paths.ts';
import { isInstalledPackageFile, isSdkFamily } from '../task/aws-sdk-family.js';

/** One AWS SDK package a bundle carries because the task's code or gtkit's imports it. */
export interface BundledSdkPackage {
  /** `@aws-sdk/client-s3`. */
  name: string;
  /** From its package.json; `unknown` when that cannot be read. */
  version: string;
  /** The package's folder. */
  dir: string;
  /** `'task'`: the copy Node finds from the task folder; `'gtkit'`: gtkit's, lent because the task folder has none. */
  from: 'task' | 'gtkit';
  /** Whether task code imports it (and so a copy installed in the task folder would replace it). */
  importedByTask: boolean;
}

const within = (dir: string, file: string) => {
  const rel = relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** The folder of the installed package a file belongs to, and its name. */
function packageOf(file: string): { name: string; dir: string } | undefined {
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const parts = file.slice(at + marker.length).split(sep);
  const name = parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (!name) return undefined;
  return { name, dir: join(file.slice(0, at + marker.length), ...name.split('/')) };
}

/** The `node_modules` folder an installed package's folder sits in. */
function nodeModulesOf(packageDir: string): string {
  const marker = `${sep}node_modules${sep}`;
  return packageDir.slice(0, packageDir.lastIndexOf(marker) + marker.length - 1);
}

function versionOf(dir: string): string {
  try {
    const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' && version !== '' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The AWS SDK packages a bundle carries that task code or gtkit's code imports by name (not the
 * packages those pull in), each with its version and whose copy it is, from esbuild's metafile.
 * A copy in a `node_modules` folder of the task folder or above it is the task's (Node finds it
 * from there); any other is gtkit's, lent by the build's resolver. Files of other installed
 * packages are skipped; gtkit's own are not, though an installed gtkit sits in `node_modules`
 * too (`gtkitRoot`, the gtkit the bundle was built against). Sorted by name.
 */
export function bundledSdkPackages(metafile: Metafile, roots: { workingDir: string; taskDir: string; gtkitRoot?: string }): BundledSdkPackage[] {
  const found = new Map<string, BundledSdkPackage>();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    const importer = resolve(roots.workingDir, input);
    // A task folder inside gtkit's checkout (its test fixtures) is the task's; gtkit's own packages' files are not gtkit's code.
    const inTask = within(roots.taskDir, importer) && !isInstalledPackageFile(`/${relative(roots.taskDir, importer)}`);
    const byGtkit = !inTask && roots.gtkitRoot !== undefined && within(roots.gtkitRoot, importer) && !isInstalledPackageFile(`/${relative(roots.gtkitRoot, importer)}`);
    if (isInstalledPackageFile(importer) && !inTask && !byGtkit) continue;
    const byTask = inTask;
    for (const imp of imports) {
      if (imp.external || imp.original === undefined || !isSdkFamily(imp.original)) continue;
      const pkg = packageOf(resolve(roots.workingDir, imp.path));
      if (!pkg) continue;
      const known = found.get(pkg.dir);
      if (known) {
        known.importedByTask ||= byTask;
        continue;
      }
      // The folder holding node_modules: the task's own when Node's lookup from the task reaches it.
      const from = within(dirname(nodeModulesOf(pkg.dir)), roots.taskDir) ? 'task' : 'gtkit';
      found.set(pkg.dir, { ...pkg, version: versionOf(pkg.dir), from, importedByTask: byTask });
    }
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.dir < b.dir ? -1 : 1));
}

/**
 * The build report's one line on which AWS SDK a bundle carries, or undefined when it carries
 * none. A package lent from gtkit that task code imports comes with the command that pins the
 * task's own version instead.
 *
 * @example
 * // AWS SDK: bundled @aws-sdk/client-s3 3.1169.0 from gtkit's install (/opt/gtkit/node_modules), as the task folder has none;
 * //   to pin your own: cd my-task && npm install @aws-sdk/client-s3@3.1169.0
 */
export function bundledSdkNote(packages: readonly BundledSdkPackage[], taskDir: string): string | undefined {
  if (packages.length === 0) return undefined;
  const named = (list: readonly BundledSdkPackage[]) => list.map((p) => `${p.name} ${p.version}`).join(', ');
  const holders = (list: readonly BundledSdkPackage[]) => [...new Set(list.map((p) => shownPath(nodeModulesOf(p.dir))))].join(', ');
  const own = packages.filter((p) => p.from === 'task');
  // Lent: task code imports it and the task folder has none. gtkit's own code's imports come from gtkit's install in any case.
  const lent = packages.filter((p) => p.from === 'gtkit' && p.importedByTask);
  const gtkits = packages.filter((p) => p.from === 'gtkit' && !p.importedByTask);
  const parts: string[] = [];
  if (own.length > 0) parts.push(`${named(own)} from ${holders(own)}`);
  if (lent.length > 0) parts.push(`${named(lent)} from gtkit's install (${holders(lent)}), as the task folder has none`);
  if (gtkits.length > 0) parts.push(`${named(gtkits)} for gtkit's own code (${holders(gtkits)})`);
  // The same package twice (the task's copy beside the one gtkit's code uses) is carried twice.
  const twice = own.filter((o) => gtkits.some((g) => g.name === o.name)).map((o) => o.name);
  if (twice.length > 0) parts.push(`the zip carries ${twice.join(', ')} twice (the task's copy and gtkit's)`);
  const pin = lent.length > 0 ? `; to pin your own: cd ${shellWord(shownPath(taskDir))} && npm install ${lent.map((p) => `${p.name}@${p.version}`).join(' ')}` : '';
  return `AWS SDK: bundled ${parts.join('; ')}${pin}`;
}

import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The checkout the tests run in. */
export const checkout = new URL('../../', import.meta.url).pathname;

interface PackageJson {
  files: string[];
  exports: Record<string, string | Record<string, string>>;
}

export async function readPackageJson(): Promise<PackageJson> {
  return JSON.parse(await readFile(join(checkout, 'package.json'), 'utf8')) as PackageJson;
}

/** The library entry points as an import names them (`gtkit`, `gtkit/testing`): the exports with a dist/ build. */
export async function libraryEntries(): Promise<Array<{ specifier: string; source: string; types: string; built: string }>> {
  const { exports } = await readPackageJson();
  return Object.entries(exports).flatMap(([subpath, target]) =>
    typeof target === 'string' ? [] : [{ specifier: subpath === '.' ? 'gtkit' : `gtkit${subpath.slice(1)}`, source: target['gtkit-source'] ?? '', types: target['types'] ?? '', built: target['default'] ?? '' }],
  );
}

/**
 * A copy of gtkit as `npm pack` ships it, in `dir`: the files package.json's `files` lists, with
 * package.json and .gitignore, its dependencies linked from the checkout's node_modules (a
 * project's install stands in for them). No dist/: see buildDist.
 */
export async function copyOfPackage(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const { files } = await readPackageJson();
  for (const entry of [...files, 'package.json', '.gitignore']) await cp(join(checkout, entry), join(dir, entry), { recursive: true, filter: (from) => !from.includes('/.gtkit') && !from.startsWith(join(checkout, 'dist')) });
  await symlink(join(checkout, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Builds the package's dist/ with build-lib.ts, as `npm pack` (prepare) does. */
export function buildDist(packageDir: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', join(checkout, 'build-lib.ts'), '--out-dir', join(packageDir, 'dist')], { cwd: checkout, stdio: 'pipe' });
}

/** A dist/ whose every entry point throws when loaded: what must never run where gtkit loads its sources. */
export async function poisonedDist(packageDir: string): Promise<void> {
  for (const { built } of await libraryEntries()) {
    const file = join(packageDir, built);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, "throw new Error(`gtkit's compiled dist/ was loaded: ${import.meta.url}`);\n");
  }
}

/** This process's environment without Node options a test runner may have added (conditions, loaders). */
export function plainNodeEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _options, ...env } = process.env;
  return env;
}

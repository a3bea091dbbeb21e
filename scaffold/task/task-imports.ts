import { createRequire, Module, register } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readGtkitPackage, runningGtkitRoot, subpathOf, type GtkitPackage } from '../build/resolve-gtkit.ts';
import { isGtkitSpecifier, isInstalledPackageFile, isSdkFamily } from './aws-sdk-family.js';

/** Node's CommonJS resolver: not public API, but the one place every `require` passes on Node 20. */
interface CommonJsResolver {
  _resolveFilename(request: string, parent: { filename?: string | null } | undefined, isMain: boolean, options?: unknown): string;
}

let prepared = false;
let lending = false;

/**
 * Prepares this process to load task code (configs, handlers run from source, the preview's PRE,
 * bundles that leave the SDK to the runtime) as gtkit's commands and Lambda would:
 * - `gtkit` and `gtkit/<entry>` resolve to gtkit's TypeScript sources (the `gtkit-source`
 *   condition of its `exports`), not to the compiled dist/ that other projects get: gtkit's
 *   commands run from the sources, and a checkout's dist/ may be missing or older;
 * - the AWS SDK (`@aws-sdk/*`, `@smithy/*`, `@aws-crypto/*`) is lent from the running gtkit's
 *   install when the task folder has none, as the Lambda Node.js runtime provides the SDK. A
 *   package the task folder has always wins, and anything else still fails as before.
 * Calls after the first change nothing.
 *
 * ES modules (and TypeScript through tsx) go through one `module.register` resolve hook
 * (task-import-hooks.js). Node 20 has no hook for `require` and reads CommonJS conditions only
 * from its command line, and tsx loads a task file as CommonJS where no `"type": "module"` is
 * near, so CommonJS gets the same two rules from a wrap of the CommonJS resolver (on Node 22.15
 * and later, `module.registerHooks` could replace both).
 */
export function prepareTaskImports(): void {
  if (prepared) return;
  prepared = true;
  const parent = join(runningGtkitRoot, 'package.json');
  register(new URL('./task-import-hooks.js', import.meta.url), { data: { fallbackParents: [pathToFileURL(parent).href] } });
  const fromGtkit = createRequire(parent);
  const resolver = Module as unknown as CommonJsResolver;
  const resolveFilename = resolver._resolveFilename;
  const packages = new Map<string, GtkitPackage>();
  resolver._resolveFilename = function (this: unknown, request, parentModule, isMain, options) {
    if (isGtkitSpecifier(request)) {
      // `./package.json` is among gtkit's exports, so plain resolution finds the package's root.
      const root = dirname(resolveFilename.call(this, 'gtkit/package.json', parentModule, isMain, options));
      let pkg = packages.get(root);
      if (!pkg) packages.set(root, (pkg = readGtkitPackage(root, 'task')));
      return pkg.entries.get(subpathOf(request)) ?? resolveFilename.call(this, request, parentModule, isMain, options);
    }
    try {
      return resolveFilename.call(this, request, parentModule, isMain, options);
    } catch (error) {
      const byInstalledPackage = isInstalledPackageFile(parentModule?.filename ?? '');
      // `lending`: the lookup below comes back through here; a miss there is final.
      if (lending || (error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !isSdkFamily(request) || byInstalledPackage) throw error;
      lending = true;
      try {
        return fromGtkit.resolve(request);
      } catch {
        throw error; // gtkit has no copy either: the task's own message, naming the package
      } finally {
        lending = false;
      }
    }
  };
}

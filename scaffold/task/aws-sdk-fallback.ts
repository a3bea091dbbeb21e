import { createRequire, Module, register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runningGtkitRoot } from '../build/resolve-gtkit.ts';
import { isInstalledPackageFile, isSdkFamily } from './aws-sdk-family.js';

/** Node's CommonJS resolver: not public API, but the one place every `require` passes on Node 20. */
interface CommonJsResolver {
  _resolveFilename(request: string, parent: { filename?: string | null } | undefined, isMain: boolean, options?: unknown): string;
}

let lentFrom: string | undefined;
let lending = false;

/**
 * Lets task code loaded in this process (handlers run from source, bundles that leave the SDK to
 * the runtime) import the AWS SDK (`@aws-sdk/*`, `@smithy/*`, `@aws-crypto/*`) from the running
 * gtkit's install when its own folder has none, as the Lambda Node.js runtime provides the SDK to
 * a function. A package the task folder has always wins, and anything else still fails as before.
 * Returns the gtkit root the SDK is lent from; calls after the first change nothing.
 *
 * ES modules (and TypeScript through tsx) go through a `module.register` resolve hook. Node 20
 * has no hook for `require`, so CommonJS handlers get the same fallback by wrapping the CommonJS
 * resolver, only after it has failed, for SDK packages only (on Node 22.15 and later,
 * `module.registerHooks` could replace both).
 */
export function lendAwsSdk(gtkitRoot: string = runningGtkitRoot): string {
  if (lentFrom !== undefined) return lentFrom;
  lentFrom = gtkitRoot;
  const parent = join(gtkitRoot, 'package.json');
  register(new URL('./aws-sdk-hooks.js', import.meta.url), { data: { fallbackParents: [pathToFileURL(parent).href] } });
  const fromGtkit = createRequire(parent);
  const resolver = Module as unknown as CommonJsResolver;
  const resolveFilename = resolver._resolveFilename;
  resolver._resolveFilename = function (this: unknown, request, parentModule, isMain, options) {
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
  return gtkitRoot;
}

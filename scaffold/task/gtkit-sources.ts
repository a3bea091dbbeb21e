import { Module, register } from 'node:module';
import { dirname } from 'node:path';
import { readGtkitPackage, type GtkitPackage } from '../build/resolve-gtkit.ts';

/** Node's CommonJS resolver: not public API, but the one place every `require` passes on Node 20. */
interface CommonJsResolver {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
}

const gtkitSpecifier = /^gtkit(?:\/|$)/;
let registered = false;

/**
 * Makes task code loaded in this process (configs, handlers, the preview's PRE) import `gtkit`
 * from its TypeScript sources, the `gtkit-source` condition of the package's `exports`, instead
 * of the compiled dist/ that other projects get: gtkit's commands run from the sources, and a
 * checkout's dist/ may be missing or older. Calls after the first change nothing.
 *
 * ES modules (and TypeScript through tsx) get the condition from a `module.register` resolve hook.
 * Node 20 reads CommonJS conditions only from its command line, and tsx loads a task file as
 * CommonJS where no `"type": "module"` is near, so `require('gtkit/…')` is resolved here to the
 * same source file, found through the package that plain resolution finds.
 */
export function useGtkitSources(): void {
  if (registered) return;
  registered = true;
  register(new URL('./gtkit-source-hooks.js', import.meta.url));
  const resolver = Module as unknown as CommonJsResolver;
  const resolveFilename = resolver._resolveFilename;
  const packages = new Map<string, GtkitPackage>();
  resolver._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    if (!gtkitSpecifier.test(request)) return resolveFilename.call(this, request, parent, isMain, options);
    // `./package.json` is among gtkit's exports, so plain resolution finds the package's root.
    const root = dirname(resolveFilename.call(this, 'gtkit/package.json', parent, isMain, options));
    let pkg = packages.get(root);
    if (!pkg) packages.set(root, (pkg = readGtkitPackage(root, 'task')));
    const source = pkg.entries.get(request === 'gtkit' ? '.' : `.${request.slice('gtkit'.length)}`);
    return source ?? resolveFilename.call(this, request, parent, isMain, options);
  };
}

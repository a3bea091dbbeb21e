import type { OnResolveResult, Plugin, ResolveResult } from 'esbuild';
import { isInstalledPackageFile, sdkFamilyPattern } from '../task/aws-sdk-family.js';

// Marks esbuild's own lookups made from here, so they skip this plugin instead of coming back to it.
const ownLookup = Symbol('gtkit-aws-sdk-lookup');

function asResult(found: ResolveResult): OnResolveResult {
  return { path: found.path, external: found.external, sideEffects: found.sideEffects, namespace: found.namespace, suffix: found.suffix, pluginData: found.pluginData as unknown };
}

/**
 * An esbuild plugin that resolves the AWS SDK (`@aws-sdk/*`, `@smithy/*`, `@aws-crypto/*`)
 * imported by task code from the task folder first and, when the task folder has no copy, from
 * `fallbackRoots` (gtkit's install): a team offline, or one that never installed the SDK the
 * Lambda runtime provides anyway, can still build. Only the lookup of a missing package changes:
 * a copy the task folder has wins, `external` (`--sdk runtime`) still leaves the SDK out, the SDK's
 * own imports resolve from its own install, and a package gtkit lacks too fails with esbuild's
 * error (which `gtkit build` follows with the install command).
 */
export function awsSdkResolver(fallbackRoots: readonly string[]): Plugin {
  const roots = [...new Set(fallbackRoots)];
  return {
    name: 'gtkit-aws-sdk',
    setup(build) {
      build.onResolve({ filter: sdkFamilyPattern }, async (args) => {
        if (args.pluginData === ownLookup || isInstalledPackageFile(args.importer)) return undefined;
        const lookup = (resolveDir: string) => build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir, pluginData: ownLookup });
        const own = await lookup(args.resolveDir);
        if (own.errors.length === 0) return asResult(own);
        for (const root of roots) {
          const lent = await lookup(root);
          if (lent.errors.length === 0) return asResult(lent);
        }
        return undefined;
      });
    },
  };
}

// The Node module-resolution hook of task-imports.ts (registered with module.register), in plain
// JavaScript because it runs on Node's loader thread. Two rules for task code:
// - `gtkit` resolves to its TypeScript sources (the package's `gtkit-source` export condition), as
//   gtkit's own code runs from them: the compiled dist/ is for other projects, and may be missing
//   or older in a checkout;
// - the AWS SDK is lent from the running gtkit's install to task code that imports one and has
//   none of its own, as the Lambda Node.js runtime does.

import { isGtkitSpecifier, isInstalledPackageFile, isSdkFamily } from './aws-sdk-family.js';

/** Where the SDK is looked up when the importing file's folder has none: URLs of files in gtkit's root. */
let fallbackParents = [];

export function initialize(data) {
  fallbackParents = Array.isArray(data?.fallbackParents) ? data.fallbackParents.filter((u) => typeof u === 'string') : [];
}

export async function resolve(specifier, context, nextResolve) {
  if (isGtkitSpecifier(specifier)) return nextResolve(specifier, context.conditions.includes('gtkit-source') ? context : { ...context, conditions: ['gtkit-source', ...context.conditions] });
  // Only a package the task folder lacks falls back: its own copy, even a broken one, is its choice.
  if (!isSdkFamily(specifier) || (context.parentURL !== undefined && isInstalledPackageFile(context.parentURL))) return nextResolve(specifier, context);
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    for (const parentURL of fallbackParents) {
      try {
        return await nextResolve(specifier, { ...context, parentURL });
      } catch {
        // Not in this install either: try the next, then report the task's own failure.
      }
    }
    throw error;
  }
}

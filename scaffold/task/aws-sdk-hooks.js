// A Node module-resolution hook (registered by aws-sdk-fallback.ts with module.register), in plain
// JavaScript because it runs on Node's loader thread. It lends the running gtkit's AWS SDK to
// task code that imports one and has none of its own, as the Lambda Node.js runtime does.

import { isInstalledPackageFile, isSdkFamily } from './aws-sdk-family.js';

/** Where the SDK is looked up when the importing file's folder has none: URLs of files in gtkit's root. */
let fallbackParents = [];

export function initialize(data) {
  fallbackParents = Array.isArray(data?.fallbackParents) ? data.fallbackParents.filter((u) => typeof u === 'string') : [];
}

export async function resolve(specifier, context, nextResolve) {
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

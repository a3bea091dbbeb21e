// Plain JavaScript on purpose: the Node resolve hook (task-import-hooks.js) imports it on the
// loader thread, where gtkit's TypeScript loader is not guaranteed to be in place.

/** Whether a bare import specifier names gtkit or one of its entry points (`gtkit/testing`). */
export function isGtkitSpecifier(specifier) {
  return /^gtkit(?:\/|$)/.test(specifier);
}

/**
 * The packages the AWS SDK for JavaScript v3 is made of: the clients (`@aws-sdk/*`) and the
 * packages they pull in (`@smithy/*`, `@aws-crypto/*`). The Lambda Node.js runtime provides them,
 * and gtkit depends on them, so a task folder may import them without an install of its own.
 */
export const sdkFamilyPattern = /^@(?:aws-sdk|smithy|aws-crypto)\/[^/]/;

/** Whether a bare import specifier names a package of the AWS SDK family. */
export function isSdkFamily(specifier) {
  return sdkFamilyPattern.test(specifier);
}

/**
 * Whether an importing file is an installed package's (inside a `node_modules` folder). Such a
 * file's own imports resolve from its own install or not at all: the fallback is for task code.
 */
export function isInstalledPackageFile(pathOrUrl) {
  return /[\\/]node_modules[\\/]/.test(pathOrUrl);
}

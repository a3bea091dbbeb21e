/** The packages the AWS SDK for JavaScript v3 is made of (`@aws-sdk/*`, `@smithy/*`, `@aws-crypto/*`). */
export const sdkFamilyPattern: RegExp;
/** Whether a bare import specifier names a package of the AWS SDK family. */
export function isSdkFamily(specifier: string): boolean;
/** Whether an importing file is an installed package's (inside a `node_modules` folder). */
export function isInstalledPackageFile(pathOrUrl: string): boolean;
/** Whether a bare import specifier names gtkit or one of its entry points (`gtkit/testing`). */
export function isGtkitSpecifier(specifier: string): boolean;

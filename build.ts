import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildFailure, type Message, type Metafile } from 'esbuild';
import { bundleComposition, runtimeImports, type BundlePart } from './scaffold/build/composition.ts';
import { awsSdkResolver } from './scaffold/build/aws-sdk-resolver.ts';
import { bundledSdkNote, bundledSdkPackages, type BundledSdkPackage } from './scaffold/build/bundled-sdk.ts';
import { gtkitBuildId } from './scaffold/build/build-id.ts';
import { gtkitFor, gtkitResolver, runningGtkitRoot } from './scaffold/build/resolve-gtkit.ts';
import { stabiliseSourceMap } from './scaffold/build/source-map.ts';
import { codeSha256, deterministicZip } from './scaffold/build/zip.ts';
import { prepareTaskImports } from './scaffold/task/task-imports.ts';
import { unlessStalled } from './scaffold/task/unless-stalled.ts';
import { loadTask, type LoadedTask } from './scaffold/task/load-task.ts';
import { shellWord, shownPath } from './scaffold/cli/paths.ts';
import { makeFolder } from './scaffold/cli/make-folder.ts';

/**
 * Bundling of a task's PRE and ACS Lambdas.
 *
 * Each entry (`pre.ts`, `acs.ts`) becomes one minified ESM file, `index.mjs`, for Node 20 and
 * later (it runs on the `nodejs22.x` and `nodejs24.x` runtimes), with a linked source map, both
 * in a deterministic zip: identical code gives a byte-identical zip and so the same CodeSha256,
 * which is what lets `gtkit deploy` skip functions whose code has not changed.
 *
 * The AWS SDK (the one place this is decided):
 * - the PRE never carries it: `@aws-sdk/*` stays external. gtkit's PRE helper imports
 *   `@aws-sdk/client-s3` from the Lambda runtime only when `readText` reads S3 (a named-entity
 *   task's `source-ref` text), so the size report lists it as a runtime import;
 * - the ACS carries the SDK by default (`sdk: 'bundled'`), so the function runs the SDK version
 *   gtkit was tested with. An ESM bundle of SDK v3 needs `require` for Node built-ins, hence the
 *   `createRequire` banner;
 * - `sdk: 'runtime'` (`--sdk runtime`) leaves `@aws-sdk/*` external: a far smaller zip using the
 *   SDK the Lambda runtime ships, whose version is AWS's choice.
 * Task code that imports the SDK gets the task folder's copy, or gtkit's when the folder has none
 * (`awsSdkResolver`), and the size report says which copy and version the ACS carries.
 */
export type SdkChoice = 'bundled' | 'runtime';

export interface BuiltLambda {
  name: 'pre' | 'acs';
  /** The bundle, `<outDir>/<name>/index.mjs`. */
  bundleFile: string;
  sourceMapFile: string;
  /** The deployment package, `<outDir>/<name>.zip`. */
  zipFile: string;
  zip: Uint8Array;
  /** Base64 SHA-256 of the zip, as Lambda reports it. */
  codeSha256: string;
  /** Size of the bundle (minified JavaScript), bytes. */
  bytes: number;
  zipBytes: number;
  /** The function's Handler setting. */
  handler: string;
  /** Where the function's AWS SDK comes from. */
  sdk: SdkChoice;
  /** Packages the bundle imports at run time instead of carrying (e.g. `@aws-sdk/client-s3`). */
  runtimeImports: string[];
  /** Bytes per part (task code, gtkit, each npm package), largest first. */
  composition: BundlePart[];
  /** The AWS SDK packages the bundle carries by name, with versions and whose copy (the task's or gtkit's). */
  sdkPackages: BundledSdkPackage[];
  /** The folder the task's imports were resolved from. */
  taskDir: string;
  /** The gtkit package the bundle's `gtkit` imports came from (a real path): the task's own install, or the running gtkit. */
  gtkitRoot: string;
  /** That gtkit's build id (`scaffold/build/build-id.ts`); absent for a package with no `lambdas/` folder. */
  gtkitBuild?: string;
}

export interface BuiltTaskLambdas {
  pre: BuiltLambda;
  acs: BuiltLambda;
}

export interface BundleOptions {
  outDir: string;
  name: 'pre' | 'acs';
  /** Ignored for the PRE, which never carries the SDK. Default `'bundled'`. */
  sdk?: SdkChoice;
  /** The folder `gtkit` imports are resolved from; default: the entry file's folder. */
  taskDir?: string;
  /**
   * Bundle this text instead of the entry file's, its relative imports resolved from `resolveDir`:
   * how `gtkit build` measures the ACS `gtkit init` would write (`build-notes.ts`).
   */
  entrySource?: { contents: string; resolveDir: string };
}

/** A bundling failure; each problem names the file, line and column. */
export class BundleError extends Error {
  constructor(
    readonly entryFile: string,
    readonly problems: Array<{ file?: string; line?: number; column?: number; text: string }>,
  ) {
    const shown = problems.slice(0, 5).map((p) => `  ${p.file ? `${p.file}:${p.line ?? 0}:${p.column ?? 0}: ` : ''}${p.text}`);
    if (problems.length > 5) shown.push(`  … and ${problems.length - 5} more`);
    super(`could not bundle ${entryFile}:\n${shown.join('\n')}`);
    this.name = 'BundleError';
  }
}

// esbuild's own `require` shim fails on Node built-ins inside ESM ("Dynamic require of
// "node:https" is not supported"); a real require made from import.meta.url works.
const requireBanner = "import { createRequire as __gtkitCreateRequire } from 'node:module'; const require = __gtkitCreateRequire(import.meta.url);";

const bundleFileName = 'index.mjs';
const handlerName = 'index.handler';

function problemsOf(messages: Message[], cwd: string): BundleError['problems'] {
  return messages.map((m) => ({
    ...(m.location ? { file: resolve(cwd, m.location.file), line: m.location.line, column: m.location.column + 1 } : {}),
    text: `${m.text}${missingPackageHint(m.text, cwd)}`,
  }));
}

/** For an import of a package that is not installed: how to install it where the bundler looks. */
function missingPackageHint(text: string, taskDir: string): string {
  const spec = /^Could not resolve "([^"]+)"/.exec(text)?.[1];
  // Relative and absolute paths are files to fix, not packages to install; node: built-ins always resolve.
  if (!spec || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return '';
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec);
  return `; install it in the task folder: cd ${shellWord(shownPath(taskDir))} && npm install ${name}`;
}

/** What a bundle exports, from esbuild's metafile. */
function exportsOf(result: { metafile: Metafile }): string[] {
  return Object.entries(result.metafile.outputs).find(([file]) => file.endsWith(bundleFileName))?.[1].exports ?? [];
}

/**
 * Bundles one Lambda entry point into `<outDir>/<name>/index.mjs` (+ `.map`) and
 * `<outDir>/<name>.zip`.
 *
 * @example
 * const acs = await bundleLambda('/tasks/intent/acs.ts', { outDir: '/tmp/out', name: 'acs', sdk: 'runtime' });
 * acs.codeSha256; // 'Xq3…=' — unchanged for unchanged code
 */
export async function bundleLambda(entryFile: string, options: BundleOptions): Promise<BuiltLambda> {
  const entry = resolve(entryFile);
  const taskDir = resolve(options.taskDir ?? dirname(entry));
  if (!existsSync(entry)) throw new BundleError(entry, [{ text: `no such file; a task folder needs ${basename(entry)} (gtkit init writes one)` }]);
  const sdk: SdkChoice = options.name === 'pre' ? 'runtime' : (options.sdk ?? 'bundled');
  const dir = resolve(options.outDir, options.name);
  const bundleFile = join(dir, bundleFileName);
  const pkg = gtkitFor(taskDir);
  let result;
  // A CommonJS entry (`exports.handler = …`, as Lambda runs it) bundles to an ES module whose only
  // export is `default`: it is bundled again through a small ES module that exports its handler
  // (CommonJS exports are known only when it runs: one without a handler fails as it loads).
  const missing = JSON.stringify(`${basename(entry)} sets no function exports.handler; Lambda calls ${handlerName}`);
  const commonJsWrapper = {
    contents: `import entry from ${JSON.stringify(entry)};\nif (typeof entry?.handler !== 'function') throw new Error(${missing});\nexport const handler = entry.handler;\n`,
    resolveDir: taskDir,
    sourcefile: `${basename(entry)}.lambda-entry.mjs`,
    loader: 'js' as const,
  };
  const bundle = (asCommonJs: boolean) =>
    build({
      ...(asCommonJs ? { stdin: commonJsWrapper } : options.entrySource ? { stdin: { ...options.entrySource, sourcefile: basename(entry), loader: 'ts' as const } } : { entryPoints: [entry] }),
      outfile: bundleFile,
      write: false,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      // ES-module builds first: the SDK's dist-es tree-shakes far better than its dist-cjs
      // (about 545 KB instead of 660 KB for an S3-reading ACS). Node-specific code is still
      // chosen, since the `browser` field is not consulted for platform node.
      mainFields: ['module', 'main'],
      minify: true,
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      charset: 'utf8',
      banner: { js: requireBanner },
      external: sdk === 'runtime' ? ['@aws-sdk/*'] : [],
      plugins: [gtkitResolver(taskDir, pkg), awsSdkResolver([pkg.root, runningGtkitRoot])],
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: taskDir,
    });
  try {
    result = await bundle(false);
    const entryInput = Object.entries(result.metafile.inputs).find(([file]) => resolve(taskDir, file) === entry)?.[1];
    if (entryInput?.format === 'cjs' && !exportsOf(result).includes('handler')) result = await bundle(true);
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    if (Array.isArray(failure.errors)) throw new BundleError(entry, problemsOf(failure.errors, taskDir));
    throw error;
  }
  // Lambda calls index.handler: a bundle without that export would only fail in AWS (Runtime.HandlerNotFound).
  const exported = exportsOf(result);
  if (!exported.includes('handler')) throw new BundleError(entry, [{ file: entry, line: 1, column: 1, text: `exports no "handler"${exported.length > 0 ? ` (it exports ${exported.map((e) => `"${e}"`).join(', ')})` : ''}; Lambda calls ${handlerName} and would fail with Runtime.HandlerNotFound: add \`export const handler = …\`` }]);
  const code = result.outputFiles.find((f) => f.path.endsWith(bundleFileName))?.contents;
  const rawMap = result.outputFiles.find((f) => f.path.endsWith('.map'))?.text;
  if (!code || rawMap === undefined) throw new BundleError(entry, [{ text: 'esbuild produced no output' }]);
  const map = new TextEncoder().encode(stabiliseSourceMap(rawMap, { mapDir: dir, taskDir, gtkitRoot: pkg.root }));
  const zip = deterministicZip({ [bundleFileName]: code, [`${bundleFileName}.map`]: map });
  const zipFile = resolve(options.outDir, `${options.name}.zip`);
  // A first build may make .gtkit itself: 0700, as every command that makes it does.
  await makeFolder(dir);
  // Settled all before a failure is thrown, so no write goes on after it.
  const writes = await Promise.allSettled([writeFile(bundleFile, code), writeFile(`${bundleFile}.map`, map), writeFile(zipFile, zip)]);
  const failed = writes.find((w): w is PromiseRejectedResult => w.status === 'rejected');
  if (failed) throw failed.reason;
  const buildId = gtkitBuildId(pkg.root);
  return {
    name: options.name,
    bundleFile,
    sourceMapFile: `${bundleFile}.map`,
    zipFile,
    zip,
    codeSha256: codeSha256(zip),
    bytes: code.length,
    zipBytes: zip.length,
    handler: handlerName,
    sdk,
    runtimeImports: runtimeImports(result.metafile),
    composition: bundleComposition(result.metafile, { workingDir: taskDir, taskDir, gtkitRoot: pkg.root }),
    sdkPackages: bundledSdkPackages(result.metafile, { workingDir: taskDir, taskDir, gtkitRoot: pkg.root }),
    taskDir,
    gtkitRoot: pkg.root,
    ...(buildId !== undefined ? { gtkitBuild: buildId } : {}),
  };
}

/** Where a task's build goes unless told otherwise. */
export function defaultBuildDir(taskDir: string): string {
  return join(taskDir, '.gtkit', 'build');
}

/**
 * Builds both Lambdas of a task (a folder, or a task already loaded) into `<task>/.gtkit/build`
 * (or `outDir`). Both bundles are built at once; a typical task takes well under a second.
 */
export async function buildTaskLambdas(task: string | LoadedTask, options: { outDir?: string; sdk?: SdkChoice } = {}): Promise<BuiltTaskLambdas> {
  const loaded = typeof task === 'string' ? await loadTask(task) : task;
  const outDir = resolve(options.outDir ?? defaultBuildDir(loaded.dir));
  // Settled both before a failure is thrown: the other build would otherwise go on writing its files after the caller has moved on.
  const [pre, acs] = await Promise.allSettled([
    bundleLambda(loaded.paths.pre, { outDir, name: 'pre', taskDir: loaded.dir }),
    bundleLambda(loaded.paths.acs, { outDir, name: 'acs', taskDir: loaded.dir, ...(options.sdk ? { sdk: options.sdk } : {}) }),
  ]);
  if (pre.status === 'rejected') throw pre.reason;
  if (acs.status === 'rejected') throw acs.reason;
  return { pre: pre.value, acs: acs.value };
}

export type BundledHandler = (event: unknown, context: unknown) => Promise<unknown>;

let loads = 0;

/**
 * Imports a built bundle the way the Node.js Lambda runtime does (an ESM import of the file's
 * URL) and returns its exported async function. Every call loads the file afresh (a query string
 * defeats the module cache), so a rebuilt bundle is picked up. To run the zip in a separate
 * process exactly as Lambda would, see `runLikeLambda` in `scaffold/build/run-like-lambda.ts`.
 */
export async function loadBundledHandler(bundleFile: string, exportName = 'handler'): Promise<BundledHandler> {
  const file = resolve(bundleFile);
  if (!existsSync(file)) throw new Error(`${file}: no such bundle; run gtkit build first`);
  // A bundle that leaves @aws-sdk/* to the Lambda runtime (every PRE, an ACS built with --sdk runtime) gets gtkit's here.
  prepareTaskImports();
  loads += 1;
  const mod = (await unlessStalled(import(`${pathToFileURL(file).href}?gtkit-load=${loads}`))) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== 'function') throw new Error(`${file} exports no function "${exportName}" (Lambda would fail with Runtime.HandlerNotFound)`);
  return fn as BundledHandler;
}

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The size report printed by `gtkit build` and `npm run build`: per bundle, its sizes, hash, contents. */
export function sizeReport(built: BuiltTaskLambdas, cwd = process.cwd()): string[] {
  const lines: string[] = [];
  for (const b of [built.pre, built.acs]) {
    const where = relative(cwd, b.zipFile) || basename(b.zipFile);
    lines.push(`${b.name.padEnd(4)} ${formatSize(b.bytes).padStart(10)} bundle ${formatSize(b.zipBytes).padStart(10)} zip  sha256 ${b.codeSha256}  ${where}`);
    const top = b.composition.slice(0, 4).map((p) => `${p.part} ${formatSize(p.bytes)}`);
    if (b.composition.length > 4) top.push(`${b.composition.length - 4} more`);
    lines.push(`       contents: ${top.join(', ') || 'nothing'}`);
    const sdkNote = b.name === 'pre' ? 'AWS SDK: not included' : b.sdk === 'bundled' ? (bundledSdkNote(b.sdkPackages, b.taskDir) ?? 'AWS SDK: bundled') : "AWS SDK: the Lambda runtime's (--sdk runtime)";
    lines.push(`       ${sdkNote}${b.runtimeImports.length > 0 ? `; imports from the runtime: ${b.runtimeImports.join(', ')}` : ''}`);
  }
  return lines;
}

/** `npm run build -- <task-dir> [--sdk bundled|runtime]`: build one task and print the report. */
async function main(argv: string[]): Promise<number> {
  const sdkAt = argv.indexOf('--sdk');
  const sdk = sdkAt >= 0 ? argv[sdkAt + 1] : undefined;
  if (sdk !== undefined && sdk !== 'bundled' && sdk !== 'runtime') {
    process.stderr.write(`--sdk must be bundled or runtime, got ${JSON.stringify(sdk)}\n`);
    return 2;
  }
  const dir = argv.filter((a, i) => !a.startsWith('--') && (sdkAt < 0 || i !== sdkAt + 1))[0] ?? '.';
  try {
    const built = await buildTaskLambdas(dir, sdk ? { sdk } : {});
    for (const line of sizeReport(built)) process.stdout.write(`${line}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  process.exitCode = await main(process.argv.slice(2));
}

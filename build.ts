import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { gtkitResolver } from './scaffold/build/resolve-gtkit.ts';
import { codeSha256, deterministicZip } from './scaffold/build/zip.ts';
import { loadTask, type LoadedTask } from './scaffold/task/load-task.ts';

/**
 * Bundling of the PRE and ACS Lambdas. ESM for Node 20+ with a `createRequire` banner (the AWS
 * SDK v3 needs `require` inside an ESM bundle), minified, with a linked source map, zipped
 * deterministically so that an unchanged build has an unchanged CodeSha256.
 *
 * The AWS SDK: bundled by default (the function then runs the SDK version we tested); with
 * `sdk: 'runtime'`, `@aws-sdk/*` stays external and the Lambda runtime's SDK is used (a much
 * smaller bundle, but its version is AWS's choice).
 */
export interface BuiltLambda {
  name: 'pre' | 'acs';
  bundleFile: string;
  sourceMapFile: string;
  zipFile: string;
  zip: Uint8Array;
  codeSha256: string;
  bytes: number;
  zipBytes: number;
  handler: string;
}

export interface BundleOptions {
  outDir: string;
  name: 'pre' | 'acs';
  sdk?: 'bundled' | 'runtime';
  /** The folder imports of `gtkit` are resolved from (the task folder). */
  taskDir: string;
}

const banner = "import { createRequire as __gtkitCreateRequire } from 'node:module'; const require = __gtkitCreateRequire(import.meta.url);";

export async function bundleLambda(entryFile: string, options: BundleOptions): Promise<BuiltLambda> {
  const dir = join(options.outDir, options.name);
  await mkdir(dir, { recursive: true });
  const bundleFile = join(dir, 'index.mjs');
  const result = await build({
    entryPoints: [entryFile],
    outfile: bundleFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: banner },
    external: options.sdk === 'runtime' ? ['@aws-sdk/*'] : [],
    plugins: [gtkitResolver(options.taskDir)],
    logLevel: 'silent',
    absWorkingDir: options.taskDir,
  }).catch((error: { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }) => {
    const first = error.errors?.[0];
    const where = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : '';
    throw new Error(`could not bundle ${entryFile}: ${where}${first?.text ?? String(error)}`);
  });
  void result;
  const code = await readFile(bundleFile);
  const map = await readFile(`${bundleFile}.map`);
  const zip = deterministicZip({ 'index.mjs': code, 'index.mjs.map': map });
  const zipFile = join(options.outDir, `${options.name}.zip`);
  await writeFile(zipFile, zip);
  return { name: options.name, bundleFile, sourceMapFile: `${bundleFile}.map`, zipFile, zip, codeSha256: codeSha256(zip), bytes: code.length, zipBytes: zip.length, handler: 'index.handler' };
}

/** Builds both Lambdas of a task into `<task>/.gtkit/build` (or `outDir`). */
export async function buildTaskLambdas(task: string | LoadedTask, options: { outDir?: string; sdk?: 'bundled' | 'runtime' } = {}): Promise<{ pre: BuiltLambda; acs: BuiltLambda }> {
  const loaded = typeof task === 'string' ? await loadTask(task) : task;
  const outDir = options.outDir ?? join(loaded.dir, '.gtkit', 'build');
  const common = { outDir, taskDir: loaded.dir, ...(options.sdk ? { sdk: options.sdk } : {}) };
  // The PRE never needs the SDK; keeping it external guarantees it is never pulled in.
  const pre = await bundleLambda(loaded.paths.pre, { ...common, name: 'pre', sdk: 'runtime' });
  const acs = await bundleLambda(loaded.paths.acs, { ...common, name: 'acs' });
  return { pre, acs };
}

/**
 * Imports a built bundle the way the Node.js Lambda runtime does (an ESM import of the file)
 * and returns its exported handler. Each call loads the file afresh.
 */
export async function loadBundledHandler(bundleFile: string, exportName = 'handler'): Promise<(event: unknown, context: unknown) => Promise<unknown>> {
  const mod = (await import(`${pathToFileURL(bundleFile).href}?v=${Date.now()}-${Math.random()}`)) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== 'function') throw new Error(`${bundleFile} exports no function "${exportName}"`);
  return fn as (event: unknown, context: unknown) => Promise<unknown>;
}

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The size report printed by `gtkit build` and `npm run build`. */
export function sizeReport(built: { pre: BuiltLambda; acs: BuiltLambda }, cwd = process.cwd()): string[] {
  return [built.pre, built.acs].map((b) => `${b.name.padEnd(4)} ${formatSize(b.bytes).padStart(10)} bundle  ${formatSize(b.zipBytes).padStart(10)} zip  sha256 ${b.codeSha256}  ${relative(cwd, b.zipFile) || basename(b.zipFile)}`);
}

// `npm run build -- <task-dir>`: build one task and print the report.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ?? '.';
  const built = await buildTaskLambdas(dir);
  for (const line of sizeReport(built)) console.log(line);
}

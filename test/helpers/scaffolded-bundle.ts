import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { awsSdkResolver } from '../../scaffold/build/aws-sdk-resolver.ts';
import { gtkitFor, gtkitResolver, runningGtkitRoot } from '../../scaffold/build/resolve-gtkit.ts';
import { initTask } from '../../scaffold/init/init-task.ts';
import type { TaskTypeName } from '../../lambdas/task-types/names.ts';

/** One Lambda of a scaffolded task, bundled: its source, the minified code, and the source files with bytes in it. */
export interface ScaffoldedBundle {
  source: string;
  code: string;
  modules: string[];
}

/**
 * A task of `type` as gtkit init writes it into `dir`, its `pre.ts` or `acs.ts` bundled as gtkit
 * build bundles it (bundleLambda's resolvers, minified), the AWS SDK left out: what a test of
 * which gtkit modules a Lambda carries looks at.
 */
export async function scaffoldedBundle(dir: string, type: TaskTypeName, lambda: 'pre' | 'acs'): Promise<ScaffoldedBundle> {
  await initTask({ dir, type });
  const entry = join(dir, `${lambda}.ts`);
  const pkg = gtkitFor(dir);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outfile: join(dir, 'out', 'index.mjs'),
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    external: ['@aws-sdk/*'],
    plugins: [gtkitResolver(dir, pkg), awsSdkResolver([pkg.root, runningGtkitRoot])],
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: dir,
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  const modules = Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file);
  return { source: await readFile(entry, 'utf8'), code: result.outputFiles.find((f) => f.path.endsWith('.mjs'))?.text ?? '', modules };
}

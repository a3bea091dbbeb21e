import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsSdkResolver } from '../../../scaffold/build/aws-sdk-resolver.ts';
import { gtkitFor, gtkitResolver, runningGtkitRoot } from '../../../scaffold/build/resolve-gtkit.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { answerKindExports } from '../../../lambdas/task-types/kinds/kind.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import type { TaskTypeName } from '../../../lambdas/task-types/names.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-acs-bundle-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * A task as gtkit init writes it, its acs.ts calling kindConsolidation with the type's own kind
 * (as scaffold/init/files.ts is to write it), bundled as gtkit build bundles it (the AWS SDK left
 * out: only gtkit's part is looked at). Returns the gtkit source files with code in the bundle.
 */
async function leanAcsModules(type: TaskTypeName): Promise<string[]> {
  const dir = join(root, type);
  await initTask({ dir, type });
  const file = join(dir, 'acs.ts');
  const kindExport = answerKindExports[getTaskType(type).answerKind];
  const scaffolded = await readFile(file, 'utf8');
  const lean = scaffolded
    .replace(/import \{ taskConsolidation, (\w+) \} from 'gtkit\/task-types';/, `import { ${kindExport}, kindConsolidation, $1 } from 'gtkit/task-types';`)
    .replace(/taskConsolidation\((\w+), \{/, `kindConsolidation($1, ${kindExport}, {`);
  expect(lean).toContain(`kindConsolidation(`);
  await writeFile(file, lean);
  const pkg = gtkitFor(dir);
  const result = await build({
    entryPoints: [file],
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
  return Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([f]) => f);
}

// A scaffolded text-classification ACS was 693.7 KB, 70 KB of it code it could never run: every
// kind's algorithms (box merge, pixel vote, keypoints, spans, polygons), the PNG codec and fflate,
// every type's output format.
describe("an ACS bundle carries its own kind's consolidation only", () => {
  it('text classification: the class algorithms and format, no box merge, pixel vote, PNG codec or other kind', async () => {
    const modules = await leanAcsModules('text-classification');
    expect(modules.some((f) => f.endsWith('consolidation/classification/dawid-skene.ts'))).toBe(true);
    expect(modules.some((f) => f.endsWith('formats/classification.ts'))).toBe(true);
    const foreign = /consolidation\/(?:geometry|segmentation)\/|consolidation\/(?:registry|spans|multi-label|numbers|text)\.ts$|formats\/(?:object-detection|semantic-segmentation|text-span)\.ts$|task-types\/(?:geometry|segmentation|segmentation-masks|mask-output|text|registry)\.ts$|task-types\/kinds\/(?:box|mask|span|keypoint|polygon|text|multi-label|all)\.ts$|node_modules\/fflate\//;
    expect(modules.filter((f) => foreign.test(f))).toEqual([]);
  }, 60_000);

  it('bounding box: box merge, and no classification algorithm or mask code', async () => {
    const modules = await leanAcsModules('bounding-box');
    expect(modules.some((f) => f.endsWith('consolidation/geometry/box-merge.ts'))).toBe(true);
    expect(modules.filter((f) => /consolidation\/classification\/|consolidation\/segmentation\/|task-types\/kinds\/(?:class|mask)\.ts$|node_modules\/fflate\//.test(f))).toEqual([]);
  }, 60_000);
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskTypeName } from '../../../lambdas/task-types/names.ts';
import { scaffoldedBundle } from '../../helpers/scaffolded-bundle.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const root = useTempRoot('gtkit-acs-bundle-');

/** The gtkit source files with code in a scaffolded task's ACS (its acs.ts calls kindConsolidation with the type's own kind). */
async function leanAcsModules(type: TaskTypeName): Promise<string[]> {
  const { source, modules } = await scaffoldedBundle(join(root.path, type), type, 'acs');
  expect(source).toContain('kindConsolidation(');
  return modules;
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

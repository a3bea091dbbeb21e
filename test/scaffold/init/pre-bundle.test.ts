import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeExports } from '../../../scaffold/init/init-task.ts';
import { taskTypeNames, type TaskTypeName } from '../../../lambdas/task-types/names.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import { scaffoldedBundle, type ScaffoldedBundle } from '../../helpers/scaffolded-bundle.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const root = useTempRoot('gtkit-pre-bundle-');



const built = new Map<TaskTypeName, Promise<ScaffoldedBundle>>();

/** Each type's scaffolded PRE, made once for the file's tests. */
function scaffoldedPre(type: TaskTypeName): Promise<ScaffoldedBundle> {
  let pre = built.get(type);
  if (pre === undefined) {
    pre = bundledPre(type);
    built.set(type, pre);
  }
  return pre;
}

/** A task's pre.ts as gtkit init writes it, bundled as gtkit build bundles it. */
function bundledPre(type: TaskTypeName): Promise<ScaffoldedBundle> {
  return scaffoldedBundle(join(root.path, type), type, 'pre');
}

/** What only a definition's answer parsing, simulation and similarity need, which a PRE never runs. */
const definitionOnly = /node_modules\/fflate\/|lambdas\/consolidation\/(?:segmentation|geometry|classification)\/|lambdas\/task-types\/(?:check-answer|answer-notes|similarity|segmentation-masks|polygon-fill|mask-output|registry|consolidate[\w-]*|kinds\/[\w-]+)\.ts$/;

// A scaffolded PRE called <type>.buildTaskInput, which kept the whole definition: semantic
// segmentation's was 80.4 KB (its PNG codec, fflate and simulated masks), bounding box's, keypoint's
// and polygon's 51.1 KB (answer parsing, simulated workers, box IoU), over the 50 KB target.
describe('a PRE as gtkit init writes it', () => {
  it.each(['semantic-segmentation', 'bounding-box'] as const)('%s: calls the type\'s task-input builder and carries no PNG codec, fflate, answer parsing, simulation or similarity', async (type) => {
    const { source, code, modules } = await scaffoldedPre(type);
    const builder = typeExports(type).taskInputOf;
    expect(source).toContain(`taskInput: ${builder}(line, labels),`);
    expect(source).not.toContain('.buildTaskInput(');
    expect(modules.filter((file) => definitionOnly.test(file))).toEqual([]);
    expect(modules.some((file) => file.endsWith('lambdas/task-types/define.ts'))).toBe(true);
    // Neither fieldOf's message (answer parsing only) nor a property of the definition is in the code.
    expect(code.includes("the template's element must be named")).toBe(false);
    expect(code.includes(`"${getTaskType(type).taskInputType}"`)).toBe(false);
  }, 60_000);

  it('named entity: reads a source-ref line\'s text with withSourceText, then the builder, and no more', async () => {
    const { source, code, modules } = await scaffoldedPre('named-entity');
    expect(source).toContain('taskInput: namedEntityTaskInputOf(await withSourceText(line, readText), labels),');
    expect(modules.filter((file) => definitionOnly.test(file))).toEqual([]);
    expect(code.includes("withSourceText: expected readText (the PRE context's)")).toBe(true);
    expect(code.includes('the manifest line names its text by "source-ref"')).toBe(true);
    expect(code.includes("the template's element must be named")).toBe(false);
    expect(code.includes('"NamedEntityTaskInput"')).toBe(false);
  }, 60_000);

  it('of every task type carries no other part of any definition', async () => {
    for (const type of taskTypeNames) {
      const { code, modules } = await scaffoldedPre(type);
      expect(modules.filter((file) => definitionOnly.test(file)), type).toEqual([]);
      expect(code.includes("the template's element must be named"), type).toBe(false);
      expect(code.includes(`"${getTaskType(type).taskInputType}"`), type).toBe(false);
    }
  }, 120_000);
});

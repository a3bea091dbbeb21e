import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleLambda, formatSize, type BuiltTaskLambdas } from '../../build.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { otherGtkitNote } from '../task/task-gtkit.ts';

/**
 * The notes under a build report (`gtkit build`, and the build step of `gtkit deploy`): what the
 * user should know about the bundles that is no failure.
 */

/** The ACS bundle size gtkit holds itself to (SDK bundled; docs/benchmarks.md), far below Lambda's limits. */
export const acsBudgetBytes = 700 * 1024;

/** Whether the code (comments aside) calls `taskConsolidation(`. */
function callsTaskConsolidation(source: string): boolean {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return /\btaskConsolidation\s*\(/.test(code);
}

/**
 * An ACS over the budget because `acs.ts` calls `taskConsolidation`, which carries every answer
 * kind (what `gtkit init` wrote before `kindConsolidation`, 2026-11-24): says so, with the call to
 * write instead in the task type's names and the size the ACS `gtkit init` writes now has, bundled
 * here with the task's gtkit and SDK choice (about a second, and only in this case).
 */
export async function wideAcsNote(task: LoadedTask, built: BuiltTaskLambdas): Promise<string | undefined> {
  const acs = built.acs;
  if (acs.bytes <= acsBudgetBytes) return undefined;
  const source = await readFile(task.paths.acs, 'utf8').catch(() => '');
  if (!callsTaskConsolidation(source)) return undefined;
  // Loaded only here: init's modules (templates, samples) are no part of an ordinary build.
  const [{ acsSource }, { typeExports }] = await Promise.all([import('../init/files.ts'), import('../init/init-task.ts')]);
  const names = typeExports(task.config.type);
  const scratch = await mkdtemp(join(tmpdir(), 'gtkit-lean-acs-'));
  let lean: number;
  try {
    const bundled = await bundleLambda(task.paths.acs, {
      outDir: scratch,
      name: 'acs',
      taskDir: task.dir,
      sdk: acs.sdk,
      // acsSource imports ./gtkit.config.ts: it sits beside the config, as gtkit init writes it.
      entrySource: { contents: acsSource(names.name, names.kind), resolveDir: dirname(task.configFile) },
    });
    lean = bundled.bytes;
  } catch {
    return undefined; // A build the user's own one passed would not fail here; if it does, there is no size to promise.
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return `${task.paths.acs} calls taskConsolidation, which carries every answer kind's algorithms and output formats: the ACS bundle is ${formatSize(acs.bytes)}, over the ${formatSize(acsBudgetBytes)} gtkit holds it to (far below Lambda's limits). Import ${names.kind} and kindConsolidation from gtkit/task-types and call kindConsolidation(${names.name}, ${names.kind}, …) with the same settings: it carries this type's kind alone, and the acs.ts gtkit init writes that way bundles to ${formatSize(lean)} here (docs/task-folder.md)`;
}

/** Every note for a build of `task`: another gtkit than the CLI's, an ACS over the budget. */
export async function buildNotes(task: LoadedTask, built: BuiltTaskLambdas): Promise<string[]> {
  const notes: string[] = [];
  const otherGtkit = otherGtkitNote(task.dir);
  if (otherGtkit) notes.push(otherGtkit);
  const wide = await wideAcsNote(task, built);
  if (wide) notes.push(wide);
  return notes;
}

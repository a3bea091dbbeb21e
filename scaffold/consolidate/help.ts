import { describeSpec } from '../../lambdas/consolidation/options.ts';
import { algorithms } from '../../lambdas/consolidation/registry.ts';
import { exactConfidenceKey, posteriorsKey } from './inspect.ts';

/** The algorithms by answer kind, each with the options `--options` takes (from the registry, so it cannot drift). */
export function algorithmsHelp(): string {
  const lines = ['Algorithms (--algorithm, by the answers they take) and their options (--options):'];
  for (const a of Object.values(algorithms)) {
    lines.push(`  ${a.name} [${a.kind}]: ${a.description}`);
    for (const [name, spec] of Object.entries(a.optionSpecs)) lines.push(`      ${name}: ${describeSpec(spec)}; ${spec.what}`);
  }
  return lines.join('\n');
}

/** How batches, the carried state and the metadata's confidence work, under the algorithms in --help. */
export const stateHelp = [
  'Batches and state: the objects, in datasetObjectId order, are consolidated --batch-size at a time; --batches job',
  "replays the job's own batches instead, in the order it sent them. A learning algorithm (dawid-skene and its",
  'variants, box-merge, pixel-vote) carries its state from batch to batch, starting afresh (the job\'s',
  'annotations/gtkit-state/ is not read; give --prior for it), so its labels can change with the batches.',
  "Fix and patch: --only-failed <the job's output.manifest> --batches job --prior <job>/annotations/gtkit-state/",
  "relabels the objects the job failed on, from the worker quality the job learned, and keeps every other line.",
  'A worker who answered an object twice (a later iteration, a later file, or later in one file) counts once, with',
  'the later answer; each replaced answer is reported.',
  `Confidence: "confidence" in the metadata is rounded to 2 decimals, as Ground Truth writes it; --posteriors adds`,
  `"${exactConfidenceKey}" (the algorithm's own number) and "${posteriorsKey}" ({ label: probability }).`,
].join('\n');

import type { JsonObject } from '../../lambdas/contracts/check.ts';

/** A dry run's output manifest as objects, one per line (the run keeps only the text). */
export function outputLinesOf(run: { outputManifestText: string }): JsonObject[] {
  return run.outputManifestText.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as JsonObject);
}

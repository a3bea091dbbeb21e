/** A lint finding as the dry run uses it (DryRunParts.lint returns these). */
export interface RunLintFinding {
  severity: string;
  ruleId: string;
  message: string;
  line: number;
  column: number;
  file: string;
}

export type RunLint = (taskInputs: Array<{ origin: string; taskInput: unknown }>) => Promise<RunLintFinding[]>;

/** Task inputs per lint call: a chunk's rendered pages are a few MB, where all of them at once were hundreds. */
const lintChunkSize = 500;

/**
 * The error findings of linting every PRE output, found a chunk at a time: lint keeps a parsed
 * page per task input until it returns, some 7 KB each (350 MB for 50,000 lines in one call).
 * Each lint rule finds an error on one page or on the source, so a set with an error has a chunk
 * with one; only then is the whole set linted in one call, so that the errors (which count lines:
 * "for 3 of 50,000 sample line(s)") are exactly those of one call. Warnings are not returned: the
 * dry run does not use them, and chunks would repeat them.
 *
 * `inputAt(i)` gives the i-th of `count` inputs; `onChunk` hears how many a chunk held.
 */
export async function lintErrorsInChunks(
  lint: RunLint,
  count: number,
  inputAt: (index: number) => { origin: string; taskInput: unknown },
  onChunk?: (linted: number) => void,
  chunkSize = lintChunkSize,
): Promise<RunLintFinding[]> {
  const inputs = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => inputAt(start + i));
  const errors = (findings: RunLintFinding[]) => findings.filter((f) => f.severity === 'error');
  // One chunk's worth is one call, as before (an empty set too: lint still checks the source).
  if (count <= chunkSize) {
    const found = errors(await lint(inputs(0, count)));
    onChunk?.(count);
    return found;
  }
  for (let start = 0; start < count; start += chunkSize) {
    const end = Math.min(count, start + chunkSize);
    if (errors(await lint(inputs(start, end))).length > 0) return errors(await lint(inputs(0, count)));
    onChunk?.(end - start);
  }
  return [];
}

import type { JsonObject } from '../../lambdas/contracts/check.ts';
import { readManifest, reasonWithFix } from '../run/manifest.ts';
import type { ReplayProblem } from '../run/replay.ts';
import type { ConsolidateFlags } from './flags.ts';
import { readEarlierOutput, type EarlierOutput } from './patch.ts';
import { fileStamp, type FileStamp } from './rest.ts';

/** The input lines the output is made of: --manifest's, or (--only-failed) an earlier output's. */
export interface InputLines {
  /** Each object's line, by datasetObjectId. */
  lines: Map<string, JsonObject>;
  /** Each object's 1-based line number in the input file. */
  lineNumbers: Map<string, number>;
  /** --only-failed: each earlier line as written, for those this run does not relabel. */
  earlier: EarlierOutput | undefined;
  /** With --rest: the manifest as it was read, so that its lines are copied from that file only. */
  manifestStamp: FileStamp | undefined;
}

/**
 * The input manifest gives each object its line (its bad lines said among `problems`); without
 * one, the consolidation requests give its data (`source-ref` or `source`), and the maps stay empty.
 */
export async function readInputLines(flags: ConsolidateFlags, attr: string, problems: ReplayProblem[]): Promise<InputLines> {
  const lines = new Map<string, JsonObject>();
  const lineNumbers = new Map<string, number>();
  const earlier = flags.onlyFailed !== undefined ? await readEarlierOutput(flags.onlyFailed, attr) : undefined;
  let manifestStamp: FileStamp | undefined;
  if (flags.manifest) {
    // Before the read: a change after it shows in the stamp. A file not there is readManifest's to say.
    if (flags.rest !== undefined) manifestStamp = await fileStamp(flags.manifest).catch(() => undefined);
    const m = await readManifest(flags.manifest);
    for (const line of m.lines) {
      lines.set(line.datasetObjectId, line.dataObject as JsonObject);
      lineNumbers.set(line.datasetObjectId, line.lineNumber);
    }
    for (const p of m.problems) problems.push({ stage: 'manifest', where: `${flags.manifest}:${p.lineNumber}`, message: reasonWithFix(p) });
  }
  if (earlier) {
    for (const w of earlier.lines) {
      if (w.repeated) continue;
      if (w.line) lines.set(w.datasetObjectId, w.line);
      lineNumbers.set(w.datasetObjectId, w.lineNumber);
    }
    problems.push(...earlier.problems);
  }
  return { lines, lineNumbers, earlier, manifestStamp };
}

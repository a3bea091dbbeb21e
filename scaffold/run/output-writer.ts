import type { JsonObject } from '../../lambdas/contracts/check.ts';
import type { ManifestLine } from './manifest.ts';
import { failedLine, labeledLine, unlabeledLine, type OutputLineContext } from './output-manifest.ts';
import { outputTally, setAsideMessages, type OutputTally } from './summary.ts';

/** What became of a readable manifest line on its way to the workers; its output line follows from it. */
export type LineFate = 'pre-failed' | 'not-for-humans' | 'render-failed' | 'sent';

/** A problem an output line tells of (an object not consolidated, an answer set aside), as the dry run reports it. */
export interface OutputLineProblem {
  stage: 'acs';
  where: string;
  message: string;
}

/** Output-manifest lines kept as one string: a string per line costs half as much again as its characters. */
const partLines = 1_000;

/**
 * The output manifest, made line by line in manifest order while the ACS batches finish, and
 * kept as text only: `writeBefore(end, contents)` makes every line before position `end` that
 * is not made yet, taking the consolidated content of the objects sent to workers from
 * `contents` (an object without one was not answered). Every readable line gets its line.
 */
export interface OutputWriter {
  writeBefore(end: number, contents: ReadonlyMap<string, JsonObject>): void;
  /** What the lines made so far tell, in manifest order. */
  readonly problems: OutputLineProblem[];
  /** What the summary needs from the lines. */
  readonly tally: OutputTally;
  /** The whole manifest (JSON Lines); the writer forgets its parts. */
  text(): string;
}

export function outputWriter(lines: readonly ManifestLine[], fates: readonly LineFate[], ctx: OutputLineContext, where: (line: ManifestLine) => string): OutputWriter {
  const attr = ctx.labelAttributeName;
  const parts: string[] = [];
  const problems: OutputLineProblem[] = [];
  const tally = outputTally(attr);
  let written = 0;

  const lineOf = (line: ManifestLine, fate: LineFate, content: JsonObject | undefined): JsonObject => {
    const input = line.dataObject as JsonObject;
    if (fate === 'pre-failed') return failedLine(input, 'ClientError: the pre-annotation Lambda failed on this object', ctx);
    if (fate === 'not-for-humans') return unlabeledLine(input);
    if (fate === 'render-failed') return failedLine(input, 'ClientError: the worker task template failed to render for this object', ctx);
    if (!content) return failedLine(input, 'ClientError: Annotation tasks expired. No worker answered this object.', ctx);
    // An object the ACS could not consolidate keeps its answers in the manifest; say why here too.
    const error = (content[attr] as { consolidationError?: unknown } | undefined)?.consolidationError;
    if (typeof error === 'string') problems.push({ stage: 'acs', where: where(line), message: `datasetObjectId ${line.datasetObjectId} not consolidated: ${error}` });
    // Answers the ACS could not use are kept in the metadata; name each, since the label was made without it.
    for (const message of setAsideMessages(line.datasetObjectId, content, attr)) problems.push({ stage: 'acs', where: where(line), message });
    const labeled = labeledLine(input, content, ctx);
    if (labeled.problem) problems.push({ stage: 'acs', where: where(line), message: `datasetObjectId ${line.datasetObjectId}: ${labeled.problem}` });
    return labeled.line;
  };

  return {
    writeBefore(end, contents) {
      let part: string[] = [];
      for (; written < end; written++) {
        const line = lines[written] as ManifestLine;
        const output = lineOf(line, fates[written] as LineFate, contents.get(line.datasetObjectId));
        tally.add(output, line);
        part.push(JSON.stringify(output));
        if (part.length === partLines) {
          parts.push(part.join('\n'));
          part = [];
        }
      }
      if (part.length > 0) parts.push(part.join('\n'));
    },
    problems,
    tally,
    text() {
      const text = parts.join('\n') + (parts.length > 0 ? '\n' : '');
      parts.length = 0;
      return text;
    },
  };
}

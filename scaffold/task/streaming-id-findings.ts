import type { LintFinding } from '../../templates/lint/types.ts';
import { shownPath } from '../cli/paths.ts';
import type { ManifestLine } from '../run/manifest.ts';
import { repeatedIdMessage, streamingObjectIds } from '../run/streaming-object-ids.ts';
import type { LoadedTask } from './load-task.ts';

/**
 * A streaming task's sample lines whose own id (`dataset-objectid-attribute-name`) Ground Truth
 * would not take as written, as lint warnings on those lines: a repeated id (labelled once, the
 * dry run leaves the repeat out), a key outside the documented rules, a key the line lacks.
 * Nothing for a task that labels a manifest, where the attribute means nothing to Ground Truth.
 */
export function streamingIdFindings(task: LoadedTask, lines: readonly ManifestLine[]): LintFinding[] {
  if (!task.config.streaming) return [];
  const ids = streamingObjectIds(lines);
  const file = shownPath(task.paths.manifest);
  const at = (line: ManifestLine, message: string, hint: string): LintFinding => ({ ruleId: 'manifest-line', severity: 'warning', message, file, line: line.lineNumber, column: 1, hint });
  const repeats = ids.repeats.map((repeat) => {
    const { message, fix } = repeatedIdMessage(repeat);
    return at(repeat.line, message, fix);
  });
  return [...repeats, ...ids.problems.map((p) => at(p.line, p.message, p.fix))].sort((a, b) => a.line - b.line);
}

import { describe, expect, it } from 'vitest';
import type { DryRunResult } from '../../../scaffold/run/dry-run.ts';
import { formatRunSummary } from '../../../scaffold/run/format-summary.ts';

const counts = { manifestLines: 9, badManifestLines: 1, preFailed: 2, notForHumans: 0, renderFailed: 0, sentToWorkers: 6, answers: 17, labeled: 5, consolidationFailed: 1, unanswered: 0, answersSetAside: 1, answersReplaced: 0 };

function result(overrides: Partial<typeof counts> = {}, problems: DryRunResult['problems'] = [], replacedAnswers: DryRunResult['summary']['replacedAnswers'] = []): DryRunResult {
  return { outputLines: [], outputManifestUri: 'file:///out', jobRootUri: 'file:///job', problems, summary: { counts: { ...counts, ...overrides }, workers: [], lowestConfidence: [], replacedAnswers } };
}
const where = { outputManifest: 'out/output.manifest', jobRoot: 'out/job' };

describe('the run summary', () => {
  it('lists what needs attention, in words that fit the counts, and leaves out what is zero', () => {
    const lines = formatRunSummary(result(), where);
    expect(lines[0]).toBe('objects: 9 manifest lines, 6 sent to workers, 17 answers, 5 labeled');
    expect(lines[1]).toBe('attention: 1 bad manifest line, 2 PRE failures, 1 not consolidated, 1 answer set aside by the ACS');
    expect(formatRunSummary(result({ answersSetAside: 3, badManifestLines: 0, preFailed: 0, consolidationFailed: 0 }), where)[1]).toBe('attention: 3 answers set aside by the ACS');
    expect(formatRunSummary(result({ answersSetAside: 0, badManifestLines: 0, preFailed: 0, consolidationFailed: 0 }), where).some((l) => l.startsWith('attention'))).toBe(false);
  });

  it('notes answers a later line replaced, naming the first three', () => {
    const replaced = Array.from({ length: 4 }, (_, i) => ({ where: `task/answers.jsonl:${i + 1}`, replacedBy: `task/answers.jsonl:${i + 10}` }));
    expect(formatRunSummary(result({ answersReplaced: 1 }, [], replaced.slice(0, 1)), where)).toContain(
      'note: 1 answer replaced by a later line of the same worker for the same object, as a resubmission in the preview is (task/answers.jsonl:1 by line 10); only the later one counts',
    );
    expect(formatRunSummary(result({ answersReplaced: 4 }, [], replaced), where)).toContain(
      'note: 4 answers replaced by a later line of the same worker for the same object, as a resubmission in the preview is (task/answers.jsonl:1 by line 10, task/answers.jsonl:2 by line 11, task/answers.jsonl:3 by line 12, … 1 more (see --json)); only the later one counts',
    );
    expect(formatRunSummary(result(), where).some((l) => l.startsWith('note:'))).toBe(false);
  });

  it('shows the first 20 problems and says how many more there are', () => {
    const problems = Array.from({ length: 23 }, (_, i) => ({ stage: 'acs' as const, where: `m.jsonl:${i + 1}`, message: `problem ${i}` }));
    const lines = formatRunSummary(result({}, problems), where);
    expect(lines.filter((l) => l.startsWith('problem (acs)'))).toHaveLength(20);
    expect(lines).toContain('… 3 more problems (see --json)');
    expect(lines.slice(-2)).toEqual(['output manifest: out/output.manifest', 'job files (Ground Truth layout): out/job']);
  });
});

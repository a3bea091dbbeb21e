import { describe, expect, it } from 'vitest';
import type { DryRunResult } from '../../../scaffold/run/dry-run.ts';
import { formatRunSummary } from '../../../scaffold/run/format-summary.ts';

const counts = { manifestLines: 9, badManifestLines: 1, preFailed: 2, notForHumans: 0, renderFailed: 0, sentToWorkers: 6, answers: 17, labeled: 5, consolidationFailed: 1, unanswered: 0, answersSetAside: 1, answersReplaced: 0, bothSourceLines: 0, repeatedIds: 0 };

function result(overrides: Partial<typeof counts> = {}, problems: DryRunResult['problems'] = [], replacedAnswers: DryRunResult['summary']['replacedAnswers'] = []): DryRunResult {
  return { outputManifestText: '', outputManifestUri: 'file:///out', jobRootUri: 'file:///job', problems, summary: { counts: { ...counts, ...overrides }, workers: [], lowestConfidence: [], replacedAnswers } };
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

  it('notes each answer a later line replaced, with its worker, object and both lines; the first three, then how many more', () => {
    const replaced = Array.from({ length: 5 }, (_, i) => ({ workerId: `w${i + 1}`, datasetObjectId: String(i), where: `task/answers.jsonl:${i + 1}`, replacedBy: `task/answers.jsonl:${i + 10}` }));
    const one = formatRunSummary(result({ answersReplaced: 1 }, [], replaced.slice(0, 1)), where);
    expect(one.filter((l) => l.startsWith('note:'))).toEqual(['note: worker w1 answered object 0 again: task/answers.jsonl:1, replaced by line 10 (as a resubmission in the preview is); only the later answer counts']);
    const many = formatRunSummary(result({ answersReplaced: 5 }, [], replaced), where).filter((l) => l.startsWith('note:'));
    expect(many).toEqual([
      'note: worker w1 answered object 0 again: task/answers.jsonl:1, replaced by line 10 (as a resubmission in the preview is); only the later answer counts',
      'note: worker w2 answered object 1 again: task/answers.jsonl:2, replaced by line 11 (as a resubmission in the preview is); only the later answer counts',
      'note: worker w3 answered object 2 again: task/answers.jsonl:3, replaced by line 12 (as a resubmission in the preview is); only the later answer counts',
      'note: … 2 more answers replaced the same way, 5 in all (see --json)',
    ]);
    expect(formatRunSummary(result(), where).some((l) => l.startsWith('note:'))).toBe(false);
  });

  it('counts the lines with both source and source-ref, and shows each as a warning, not a problem', () => {
    const warning = { stage: 'manifest' as const, where: 'task/manifest.jsonl:7', message: 'has both "source" and "source-ref"; …', severity: 'warning' as const };
    const lines = formatRunSummary(result({ bothSourceLines: 1 }, [warning]), where);
    expect(lines).toContain('warning: 1 manifest line has both "source" and "source-ref"; the run used "source-ref" (each line is named among the problems)');
    expect(lines).toContain('warning (manifest) task/manifest.jsonl:7: has both "source" and "source-ref"; …');
    expect(formatRunSummary(result({ bothSourceLines: 2 }), where)).toContain('warning: 2 manifest lines have both "source" and "source-ref"; the run used "source-ref" (each line is named among the problems)');
    expect(formatRunSummary(result(), where).some((l) => l.startsWith('warning'))).toBe(false);
  });

  it('shows the first 20 problems and says how many more there are', () => {
    const problems = Array.from({ length: 23 }, (_, i) => ({ stage: 'acs' as const, where: `m.jsonl:${i + 1}`, message: `problem ${i}` }));
    const lines = formatRunSummary(result({}, problems), where);
    expect(lines.filter((l) => l.startsWith('problem (acs)'))).toHaveLength(20);
    expect(lines).toContain('… 3 more problems (see --json)');
    expect(lines.slice(-2)).toEqual(['output manifest: out/output.manifest', 'job files (Ground Truth layout): out/job']);
  });

  it('prints a problem\'s fix after its message', () => {
    const lines = formatRunSummary(result({}, [{ stage: 'manifest', where: 'gtkit.config.ts:9:3', severity: 'error', message: '"objects" is taken', fix: 'set another labelAttributeName' }]), where);
    expect(lines).toContain('error (manifest) gtkit.config.ts:9:3: "objects" is taken; set another labelAttributeName');
  });

  it('ids and messages from the user\'s files cannot drive the terminal: control characters are written as escapes', () => {
    const replaced = [{ workerId: 'w\x1b]0;owned\x07', datasetObjectId: '1\noutput manifest: /fake', where: 'a.jsonl:1', replacedBy: 'a.jsonl:2' }];
    const lines = formatRunSummary(result({}, [{ stage: 'answers', where: 'a.jsonl', message: 'first\nsecond \x1b[2J' }], replaced), { outputManifest: 'out', jobRoot: 'job' });
    expect(lines).toContain('note: worker w\\u001b]0;owned\\u0007 answered object 1\\u000aoutput manifest: /fake again: a.jsonl:1, replaced by line 2 (as a resubmission in the preview is); only the later answer counts');
    // A message of several lines keeps its breaks; the escape sequence does not pass.
    expect(lines).toContain('problem (answers) a.jsonl: first\nsecond \\u001b[2J');
    expect(lines.join('')).not.toMatch(/[\x1b\x07]/);
  });

  it("a data object's text of several lines cannot forge a line of the summary", () => {
    const run = result({});
    run.summary.lowestConfidence = [{ datasetObjectId: '0', confidence: 0.5, source: 'a\noutput manifest: /forged' }];
    const lines = formatRunSummary(run, { outputManifest: 'out', jobRoot: 'job' });
    expect(lines).toContain('  #0     0.50  a\\u000aoutput manifest: /forged');
    expect(lines.join('\n')).not.toMatch(/^output manifest: \/forged/m);
  });
});

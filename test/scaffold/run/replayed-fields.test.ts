import { describe, expect, it, vi } from 'vitest';
import type { CapturedAnswer } from '../../../scaffold/run/answers-file.ts';
import { readPagePlan } from '../../../scaffold/run/page-fields.ts';
import { ReplayedFields } from '../../../scaffold/run/replayed-fields.ts';

// Counts the pages parsed, to check that pages without answers are not.
vi.mock('../../../scaffold/run/page-fields.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../scaffold/run/page-fields.ts')>();
  return { ...real, readPagePlan: vi.fn(real.readPagePlan) };
});

// walk150 #3: after a field is renamed, answers captured before replay without a word.
const page = (fields: string, script = '') => `<crowd-form><crowd-classifier name="category" categories='["a","b"]' header="h"></crowd-classifier>${fields}</crowd-form>${script}`;
const answer = (datasetObjectId: string, workerId: string, answerContent: Record<string, unknown>): CapturedAnswer => ({ datasetObjectId, workerId, answerContent });
const byId = (...answers: CapturedAnswer[]) => {
  const out = new Map<string, CapturedAnswer[]>();
  for (const a of answers) out.set(a.datasetObjectId, [...(out.get(a.datasetObjectId) ?? []), a]);
  return out;
};

describe('ReplayedFields: answer keys the pages no longer submit', () => {
  it('names each such key once, with the number of answers, their objects and the fix', () => {
    const answers = byId(
      answer('0', 'alice', { category: { label: 'a' }, comment: 'torn' }),
      answer('0', 'carol', { category: { label: 'b' }, comment: 'stain', mood: 'ok' }),
      answer('2', 'alice', { category: { label: 'a' }, comment: 'fine', remarks: 'new' }),
    );
    const fields = new ReplayedFields(answers);
    for (const id of ['0', '1', '2']) fields.read(page('<crowd-text-area name="remarks"></crowd-text-area>'), id);
    expect(fields.stale(answers, 'answers.jsonl')).toEqual([
      {
        field: 'comment',
        answers: 3,
        objects: ['0', '2'],
        message: '3 answers hold "comment", which the template no longer submits (datasetObjectIds "0", "2"): replayed as captured, their "comment" fills no field of the page and reaches the output only if consolidation keeps that name',
        fix: 'if the field was renamed, answer those items again in gtkit preview (or rename the key in answers.jsonl); if it was removed, delete the key from answers.jsonl',
      },
      {
        field: 'mood',
        answers: 1,
        objects: ['0'],
        message: '1 answer holds "mood", which the template no longer submits (datasetObjectIds "0"): replayed as captured, its "mood" fills no field of the page and reaches the output only if consolidation keeps that name',
        fix: 'if the field was renamed, answer that item again in gtkit preview (or rename the key in answers.jsonl); if it was removed, delete the key from answers.jsonl',
      },
    ]);
  });

  it('quiet for fields the page submits: crowd elements, native inputs, checkboxes and hidden fields', () => {
    const answers = byId(answer('0', 'w', { category: { label: 'a' }, unsure: { yes: true }, quality: 4, clientInfo: 'x', s: 'x' }));
    const fields = new ReplayedFields(answers);
    fields.read(page('<crowd-checkbox name="unsure" value="yes"></crowd-checkbox><crowd-slider name="quality" min="1" max="5"></crowd-slider><input type="hidden" name="clientInfo"><select name="s"><option>x</option></select>'), '0');
    expect(fields.stale(answers, 'answers.jsonl')).toEqual([]);
  });

  it('quiet for a name an inline script quotes (a field it adds on submit), not for one only a script file or the text mentions', () => {
    const answers = byId(answer('0', 'w', { category: { label: 'a' }, elapsedMs: 12, note: 'n', elapsed: 1 }));
    const fields = new ReplayedFields(answers);
    fields.read(page('<p>elapsedMs and note</p>', `<script>form.addEventListener('submit', () => { add('elapsedMs', Date.now() - t0); });</script><script src="note.js"></script>`), '0');
    expect(fields.stale(answers, 'a.jsonl').map((f) => f.field)).toEqual(['note', 'elapsed']);
  });

  it('a script that only mentions the old name as a word, or a script inside an HTML comment, does not silence it (lint\'s quoted-name rule)', () => {
    // The template renamed "comment" to "remarks"; its script still says "comment" in a comment and a variable.
    const answers = byId(answer('0', 'w', { category: { label: 'a' }, comment: 'torn' }), answer('1', 'w', { category: { label: 'a' }, comment: 'fine' }));
    const fields = new ReplayedFields(answers);
    fields.read(page('<crowd-text-area name="remarks"></crowd-text-area>', '<script>// Show the comment box when the label is a; const comment = document.querySelector("crowd-text-area");</script>'), '0');
    fields.read(page('<crowd-text-area name="remarks"></crowd-text-area>', '<!-- <script>add("comment", x)</script> -->'), '1');
    expect(fields.stale(answers, 'a.jsonl').map((f) => [f.field, f.objects])).toEqual([['comment', ['0', '1']]]);
  });

  it('only the pages of objects with answers are parsed', () => {
    const fields = new ReplayedFields(byId(answer('1', 'w', { category: { label: 'a' } })));
    vi.mocked(readPagePlan).mockClear();
    for (const id of ['0', '1', '2']) fields.read(page(''), id);
    expect(vi.mocked(readPagePlan)).toHaveBeenCalledTimes(1);
  });

  it('objects whose page was not read (not rendered) or submits nothing (no crowd-form) are not judged', () => {
    const answers = byId(answer('0', 'w', { gone: 1 }), answer('1', 'w', { gone: 1 }));
    const fields = new ReplayedFields(answers);
    fields.read('<p>no form</p>', '0');
    expect(fields.stale(answers, 'a.jsonl')).toEqual([]);
  });

  it('pages of each object are read on their own: a field one page has and another lacks is named for the other', () => {
    const answers = byId(answer('0', 'w', { extra: 'x' }), answer('1', 'w', { extra: 'y' }));
    const fields = new ReplayedFields(answers);
    fields.read(page('<crowd-input name="extra"></crowd-input>'), '0');
    fields.read(page(''), '1');
    const found = fields.stale(answers, 'a.jsonl');
    expect(found.map((f) => [f.field, f.objects])).toEqual([['extra', ['1']]]);
  });

  it('a long run names ten objects and counts the rest', () => {
    const answers = byId(...Array.from({ length: 2_000 }, (_, i) => answer(String(i), 'w', { old: i })));
    const fields = new ReplayedFields(answers);
    for (let i = 0; i < 2_000; i++) fields.read(page(''), String(i));
    const [only, ...rest] = fields.stale(answers, 'a.jsonl');
    expect(rest).toEqual([]);
    expect(only?.message).toContain('2000 answers hold "old"');
    expect(only?.message).toContain('"9" and 1990 more');
  });
});

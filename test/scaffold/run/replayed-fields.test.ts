import { describe, expect, it } from 'vitest';
import type { CapturedAnswer } from '../../../scaffold/run/answers-file.ts';
import { ReplayedFields } from '../../../scaffold/run/replayed-fields.ts';

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
    const fields = new ReplayedFields();
    for (const id of ['0', '1', '2']) fields.read(page('<crowd-text-area name="remarks"></crowd-text-area>'), id);
    const answers = byId(
      answer('0', 'alice', { category: { label: 'a' }, comment: 'torn' }),
      answer('0', 'carol', { category: { label: 'b' }, comment: 'stain', mood: 'ok' }),
      answer('2', 'alice', { category: { label: 'a' }, comment: 'fine', remarks: 'new' }),
    );
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
    const fields = new ReplayedFields();
    fields.read(page('<crowd-checkbox name="unsure" value="yes"></crowd-checkbox><crowd-slider name="quality" min="1" max="5"></crowd-slider><input type="hidden" name="clientInfo"><select name="s"><option>x</option></select>'), '0');
    const answers = byId(answer('0', 'w', { category: { label: 'a' }, unsure: { yes: true }, quality: 4, clientInfo: 'x', s: 'x' }));
    expect(fields.stale(answers, 'answers.jsonl')).toEqual([]);
  });

  it('quiet for a name an inline script mentions (a field it adds on submit), not for one only a script file or the text mentions', () => {
    const fields = new ReplayedFields();
    fields.read(page('<p>elapsedMs and note</p>', `<script>form.addEventListener('submit', () => { add('elapsedMs', Date.now() - t0); });</script><script src="note.js"></script>`), '0');
    const found = fields.stale(byId(answer('0', 'w', { category: { label: 'a' }, elapsedMs: 12, note: 'n', elapsed: 1 })), 'a.jsonl');
    expect(found.map((f) => f.field)).toEqual(['note', 'elapsed']);
  });

  it('objects whose page was not read (not rendered) or submits nothing (no crowd-form) are not judged', () => {
    const fields = new ReplayedFields();
    fields.read('<p>no form</p>', '0');
    expect(fields.stale(byId(answer('0', 'w', { gone: 1 }), answer('1', 'w', { gone: 1 })), 'a.jsonl')).toEqual([]);
  });

  it('pages of each object are read on their own: a field one page has and another lacks is named for the other', () => {
    const fields = new ReplayedFields();
    fields.read(page('<crowd-input name="extra"></crowd-input>'), '0');
    fields.read(page(''), '1');
    const found = fields.stale(byId(answer('0', 'w', { extra: 'x' }), answer('1', 'w', { extra: 'y' })), 'a.jsonl');
    expect(found.map((f) => [f.field, f.objects])).toEqual([['extra', ['1']]]);
  });

  it('a long run names ten objects and counts the rest', () => {
    const fields = new ReplayedFields();
    const answers: CapturedAnswer[] = [];
    for (let i = 0; i < 2_000; i++) {
      fields.read(page(''), String(i));
      answers.push(answer(String(i), 'w', { old: i }));
    }
    const [only, ...rest] = fields.stale(byId(...answers), 'a.jsonl');
    expect(rest).toEqual([]);
    expect(only?.message).toContain('2000 answers hold "old"');
    expect(only?.message).toContain('"9" and 1990 more');
  });
});

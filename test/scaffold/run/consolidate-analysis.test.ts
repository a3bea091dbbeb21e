import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { registerConsolidateCommand } from '../../../scaffold/commands/consolidate.ts';
import { consolidateCommand } from '../../../scaffold/commands/consolidate-command.ts';
import { dawidSkene, majorityVote } from '../../../lambdas/consolidation/index.ts';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';

let root: string;
let job: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-analysis-'));
  job = join(root, 'output', 'relevance-job-1');
});
afterEach(async () => rm(root, { recursive: true, force: true }));

async function response(id: string, body: unknown, iteration = 1, name = '2026-11-23_10:00:00.json'): Promise<void> {
  const dir = join(job, 'annotations', 'worker-response', `iteration-${iteration}`, id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
}
const answer = (workerId: string, label: string) => ({ workerId, acceptanceTime: '2026-11-23T10:00:00Z', submissionTime: '2026-11-23T10:00:30Z', timeSpentInSeconds: 30, answerContent: { category: { label } } });
const lines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);

/** Eight objects, three workers each: w0 always right (the "truth" is a, b, a, b, …), w1 right on six, w2 on four. */
const truth = ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'];
const flip = (l: string) => (l === 'a' ? 'b' : 'a');
async function smallJob(): Promise<Array<{ item: string; worker: string; answer: string }>> {
  const records: Array<{ item: string; worker: string; answer: string }> = [];
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as string;
    const given = [t, i < 6 ? t : flip(t), i % 2 === 0 ? t : flip(t)];
    await response(String(i), { answers: given.map((l, w) => answer(`w${w}`, l)) });
    given.forEach((l, w) => records.push({ item: String(i), worker: `w${w}`, answer: l }));
  }
  return records;
}

describe('gtkit consolidate: what a data scientist compares algorithms by', () => {
  it('--workers writes the algorithm\'s own worker quality, and --posteriors its posteriors and unrounded confidence, equal to the library\'s', async () => {
    const records = await smallJob();
    const out = join(root, 'ds.manifest');
    const workers = join(root, 'workers.jsonl');
    const summary = await consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'dawid-skene', out, workers, posteriors: true });
    const library = dawidSkene.consolidate(records, { labels: ['a', 'b'] });
    const rows = (await readFile(workers, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.worker, r.quality, r.answers])).toEqual(library.workers.map((w) => [w.worker, w.quality, w.answers]));
    expect(rows[0]).toMatchObject({ algorithm: 'dawid-skene', measures: expect.stringContaining('expected accuracy') });
    expect(summary.workersFile).toEqual({ file: expect.stringContaining('workers.jsonl'), workers: 3 });
    const written = await lines(out);
    library.items.forEach((item, i) => {
      const metadata = written[i]?.['label-metadata'] ?? {};
      expect(metadata['confidence-unrounded']).toBe(item.confidence);
      expect(metadata['class-posteriors']).toEqual(item.posteriors);
      // Ground Truth's own field stays rounded.
      expect(metadata.confidence).toBe(Math.round(item.confidence * 100) / 100);
    });
  });

  it('without --posteriors the metadata is Ground Truth\'s alone; a stateless algorithm\'s quality is its agreement', async () => {
    const records = await smallJob();
    const out = join(root, 'mv.manifest');
    const workers = join(root, 'mv-workers.jsonl');
    await consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'majority-vote', out, workers, batchSize: '3' });
    expect(Object.keys((await lines(out))[0]?.['label-metadata'] ?? {})).not.toContain('class-posteriors');
    const rows = (await readFile(workers, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { worker: string; quality: number; answers: number });
    // Batches of 3: the answer-weighted mean over batches is the whole job's agreement.
    expect(rows.map((r) => [r.worker, r.quality, r.answers])).toEqual(majorityVote.consolidate(records, { labels: ['a', 'b'] }).workers.map((w) => [w.worker, w.quality, w.answers]));
  });

  it('says which flags --task cannot serve and why, and refuses --posteriors for answers without posteriors', async () => {
    await smallJob();
    await expect(consolidateCommand(job, { task: root, workers: join(root, 'w.jsonl'), out: join(root, 'o.manifest') })).rejects.toThrow(/--workers goes with --type: with --task, the task's own acs.ts consolidates, and gtkit sees only the labels it returns/);
    await expect(consolidateCommand(job, { type: 'bounding-box', posteriors: true, out: join(root, 'o.manifest') })).rejects.toThrow(
      new UsageError('--posteriors takes class and multi-label answers, whose algorithms give class posteriors; bounding-box answers are box, whose metadata keeps its own rounded confidences (use --workers for what box-merge estimated of each worker)'),
    );
  });
});

describe('gtkit consolidate: carried state', () => {
  it('--state-out writes the state after the last batch; --prior starts from it, as the library\'s prior does', async () => {
    const records = await smallJob();
    const stateFile = join(root, 'state.json');
    await consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'dawid-skene', out: join(root, 'one.manifest'), stateOut: stateFile, batchSize: '3' });
    // Three batches, each with the state carried: what the library gives chained by hand.
    let prior: unknown;
    for (let start = 0; start < truth.length; start += 3) {
      const ids = new Set(truth.slice(start, start + 3).map((_, i) => String(start + i)));
      prior = dawidSkene.consolidate(records.filter((r) => ids.has(r.item)), { labels: ['a', 'b'], ...(prior ? { prior: prior as never } : {}) }).state;
    }
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as unknown;
    expect(saved).toEqual(prior);
    // Started from it, one batch gives the library's result with that prior.
    const out = join(root, 'two.manifest');
    await consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'dawid-skene', out, prior: stateFile, posteriors: true });
    const library = dawidSkene.consolidate(records, { labels: ['a', 'b'], prior: saved as never });
    expect((await lines(out)).map((l) => l['label-metadata']?.['confidence-unrounded'])).toEqual(library.items.map((i) => i.confidence));
  });

  it('--prior takes a part from the job\'s annotations/gtkit-state/ too, and refuses another algorithm\'s state in the library\'s words', async () => {
    const records = await smallJob();
    const state = dawidSkene.consolidate(records, { labels: ['a', 'b'] }).state;
    const part = join(root, 'part.json');
    await writeFile(part, JSON.stringify({ version: 1, states: { 'dawid-skene': state } }));
    await consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'dawid-skene', out: join(root, 'p.manifest'), prior: part });
    await expect(consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'dawid-skene-pooled', out: join(root, 'q.manifest'), prior: part })).rejects.toThrow(
      new UsageError(`--prior ${part}: it holds the state of dawid-skene, not dawid-skene-pooled's; give --algorithm dawid-skene, or a state of dawid-skene-pooled`),
    );
    const bare = join(root, 'bare.json');
    await writeFile(bare, JSON.stringify(state));
    await expect(consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'one-coin-dawid-skene', out: join(root, 'r.manifest'), prior: bare })).rejects.toThrow(/^--prior .*bare\.json: the carried one-coin-dawid-skene state does not fit: algorithm: /);
    await expect(consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'majority-vote', out: join(root, 's.manifest'), stateOut: join(root, 'x.json') })).rejects.toThrow(/^--state-out: majority-vote carries no state from batch to batch; --state-out goes with dawid-skene, /);
  });

  it("--prior of other classes: used in part with a warning naming what differs (as the ACS warns), refused with no class in common", async () => {
    const records = await smallJob();
    const state = dawidSkene.consolidate(records, { labels: ['a', 'b'] }).state;
    const file = join(root, 'ab-state.json');
    await writeFile(file, JSON.stringify(state));
    // The job's labels renamed b → c: a keeps its counts, and the run says so.
    const renamed = await consolidateCommand(job, { type: 'text-classification', labels: 'a,c', algorithm: 'dawid-skene', out: join(root, 'ac.manifest'), prior: file, json: true });
    expect(renamed.warnings).toContainEqual({ stage: 'acs', where: `--prior ${file}`, message: `its class "b" is not among the task's labels (its counts are carried on, unused); the task's label "c" is not in it (it starts without counts); the 1 shared class keeps its counts`, severity: 'warning' });
    await expect(consolidateCommand(job, { type: 'text-classification', labels: 'x,y', algorithm: 'dawid-skene', out: join(root, 'xy.manifest'), prior: file })).rejects.toThrow(
      new UsageError(`--prior ${file}: its classes "a", "b" are not among the task's labels (their counts are carried on, unused); the task's labels "x", "y" are not in it (they start without counts); no class is shared, so nothing of it would be used; give a state of this task's labels, or --labels in the job's order`),
    );
    // The same labels in another order fit: no warning.
    const reordered = await consolidateCommand(job, { type: 'text-classification', labels: 'b,a', algorithm: 'dawid-skene', out: join(root, 'ba.manifest'), prior: file, json: true });
    expect(reordered.warnings.filter((w) => w.where.startsWith('--prior'))).toEqual([]);
  });

  it('--help says how batches and the state work and that confidence is rounded', () => {
    const program = new Command();
    registerConsolidateCommand(program);
    const help = program.commands.find((c) => c.name() === 'consolidate')?.helpInformation() ?? '';
    let after = '';
    program.commands[0]?.configureOutput({ writeOut: (t) => (after += t) });
    program.commands[0]?.outputHelp();
    expect(help).toMatch(/datasetObjectId order, cut every <n>/);
    expect(after).toMatch(/starting afresh \(the job's\s+annotations\/gtkit-state\/ is not read; give --prior for it\)/);
    expect(after).toMatch(/Fix and patch: --only-failed <the job's output\.manifest> --batches job --prior <job>\/annotations\/gtkit-state\//);
    expect(after).toMatch(/"confidence" in the metadata is rounded to 2 decimals, as Ground Truth writes it/);
  });

  it('--help gives each option its default, the one the algorithm uses (each Dawid–Skene variant its own)', () => {
    const program = new Command();
    registerConsolidateCommand(program);
    let after = '';
    program.commands[0]?.configureOutput({ writeOut: (t) => (after += t) });
    program.commands[0]?.outputHelp();
    const section = (name: string) => after.slice(after.indexOf(`  ${name} [`)).split(/\n  \S/)[0] ?? '';
    expect(section('dawid-skene')).toMatch(/diagonalPrior: number ≥ 0 \(default: 0\.3\); extra pseudo-answers on the confusion-matrix diagonal/);
    expect(section('dawid-skene-pooled')).toMatch(/diagonalPrior: number ≥ 0 \(default: 0\.5\);/);
    expect(section('dawid-skene-pooled')).toMatch(/pooling: number ≥ 0 \(default: 5\);/);
    expect(section('multi-label-vote')).toMatch(/ties: "include" \| "exclude" \(default: "include"\); what a share exactly at the threshold does/);
    expect(section('box-merge')).toMatch(/iouThreshold: number 0–1 \(default: 0\.3\);/);
    // Lists and weights have no default to show.
    expect(section('box-merge')).toMatch(/labels: list of labels; /);
    // Commander wraps the flags' text: read it as one line.
    expect(after.replace(/\s+/g, ' ')).toMatch(/--workers <file\.jsonl> write a JSON line per worker: .* for every kind of answer/);
  });
});

describe('gtkit consolidate: lost and replaced answers', () => {
  it('a line that lost a worker-response file says so in its consolidation-note; replaced answers are counted and named', async () => {
    await response('0', { answers: [answer('w0', 'a'), answer('w1', 'a')] });
    await response('0', '{"answers": [', 2);
    await response('1', { answers: [answer('w0', 'a'), answer('w1', 'b')] });
    await response('1', { answers: [answer('w0', 'b')] }, 2);
    const out = join(root, 'o.manifest');
    const summary = await consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'majority-vote', out });
    const written = await lines(out);
    expect(written[0]?.['label-metadata']?.['consolidation-note']).toBe('1 of 2 worker-response files could not be read (see the problems); labelled from the answers in the others');
    expect(written[1]?.['label-metadata']?.['consolidation-note']).toBeUndefined();
    expect(summary.answersReplaced).toBe(1);
    expect(summary.replacedAnswers).toEqual([{ workerId: 'w0', datasetObjectId: '1', where: expect.stringContaining(join('iteration-1', '1')), replacedBy: expect.stringContaining(join('iteration-2', '1')) }]);
    expect(summary.answers).toBe(4);
  });

  it('the summary names the replaced answers, as gtkit run does', async () => {
    await response('0', { answers: [answer('w0', 'a'), answer('w0', 'b')] });
    const out: string[] = [];
    const err: string[] = [];
    const program = new Command().exitOverride();
    registerConsolidateCommand(program, { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, { stream: Object.assign(process.stderr, {}), sharing: [] });
    await program.parseAsync(['node', 'gtkit', 'consolidate', job, '--type', 'text-classification', '-o', join(root, 'o.manifest')]);
    expect(err.join('\n')).toMatch(/note: worker "w0" answered object 0 again: .* is replaced by .*; only the later answer counts/);
  });
});

describe('gtkit consolidate --gold', () => {
  it('scores the output against a CSV or JSON-lines gold file: accuracy, per-class F1, confusion matrix', async () => {
    await smallJob();
    const csv = join(root, 'gold.csv');
    await writeFile(csv, `datasetObjectId,label\n${truth.map((t, i) => `${i},${t}`).join('\n')}\n9,a\n`);
    const summary = await consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'majority-vote', out: join(root, 'o.manifest'), gold: csv });
    // Majority vote: w0 and w1 agree on 0–5; on 6 w0 and w2 outvote w1, on 7 w1 and w2 outvote w0 (a for b). Object 9 has no line.
    expect(summary.gold).toMatchObject({ scored: 8, missing: 1, accuracy: 0.875, confusion: { labels: ['a', 'b'], matrix: [[4, 0, 0], [1, 3, 0]] } });
    expect(summary.gold?.classes).toEqual([
      { label: 'a', precision: 0.8, recall: 1, f1: 2 * 0.8 / 1.8, support: 4 },
      { label: 'b', precision: 1, recall: 0.75, f1: 1.5 / 1.75, support: 4 },
    ]);
    const jsonl = join(root, 'gold.jsonl');
    await writeFile(jsonl, truth.map((_, i) => JSON.stringify({ datasetObjectId: i, label: 'a' })).join('\n'));
    const wrong = await consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'majority-vote', out: join(root, 'o.manifest'), gold: jsonl });
    // Five of the eight lines say a (0, 2, 4, 6, 7).
    expect(wrong.gold?.accuracy).toBe(0.625);
    expect(wrong.gold?.classes.find((c) => c.label === 'a')).toMatchObject({ precision: 1, recall: 0.625, support: 8 });
  });

  it('refuses other kinds of answers and a gold line it cannot read, naming the line', async () => {
    await smallJob();
    const bad = join(root, 'bad.csv');
    await writeFile(bad, '0,a\n1\n');
    await expect(consolidateCommand(job, { type: 'text-classification', out: join(root, 'o.manifest'), gold: bad })).rejects.toThrow(new UsageError(`--gold ${bad}:2: expected datasetObjectId,label (two fields; quote a label holding a comma), got "1"`));
    await expect(consolidateCommand(job, { type: 'text-classification-multilabel', out: join(root, 'o.manifest'), gold: bad })).rejects.toThrow(new UsageError('--gold scores single class labels (accuracy, precision, recall, F1); text-classification-multilabel answers are multi-label'));
  });
});

describe('gtkit consolidate onto the job\'s output manifest', () => {
  it('names the job by its folder and reports lines that already hold the label attribute', async () => {
    await response('0', { answers: [answer('w0', 'a'), answer('w1', 'a')] });
    const manifest = join(root, 'output.manifest');
    await writeFile(manifest, `${JSON.stringify({ source: 'x', category: 0, 'category-metadata': { 'job-name': 'relevance-job-1' } })}\n`);
    const out = join(root, 'o.manifest');
    const summary = await consolidateCommand(job, { type: 'text-classification', labels: 'a,b', manifest, labelAttribute: 'category', out });
    expect((await lines(out))[0]?.['category-metadata']?.['job-name']).toBe('relevance-job-1');
    expect(summary.problems).toContainEqual({ stage: 'manifest', where: manifest, message: '1 input line(s) already hold "category" or "category-metadata", the first datasetObjectId 0 (job-name "relevance-job-1"); the output replaces them with this consolidation\'s label. Give --label-attribute another name to keep both side by side' });
  });
});

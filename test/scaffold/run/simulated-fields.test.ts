import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acsHandler, preHandler, silentLogger, LocalObjectStore, type AcsObject } from '../../../lambdas/index.ts';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { dryRun, type DryRunParts, type DryRunResult } from '../../../scaffold/run/dry-run.ts';
import { formatRunSummary } from '../../../scaffold/run/format-summary.ts';
import { runFailure } from '../../../scaffold/run/run-verdict.ts';
import { simulateAnswers, simulatedWorkers } from '../../../scaffold/run/simulate.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { withEnv } from '../../../scaffold/task/with-env.ts';
import { compileTemplate } from '../../../templates/engine/compile.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { validConfig } from '../job/fixtures.ts';

/**
 * The simulated answers of every scaffolded task type, recorded with the code before the dry run
 * read the page's fields (commit 316d36f, `gtkit run --simulate … --source` on each freshly
 * scaffolded task, read back from the worker-response files): by type, then run, then object.
 */
const recorded = JSON.parse(await readFile(new URL('./fixtures/scaffolded-simulated-answers.json', import.meta.url), 'utf8')) as Record<string, Record<string, Record<string, Array<{ workerId: string; answerContent: unknown }>>>>;
const recordedRuns = [
  { key: 'seed 1, 3 workers, spammers 0', flags: { simulate: '3', seed: '1', spammers: '0' } },
  { key: 'seed 42, 5 workers, spammers 0.4', flags: { simulate: '5', seed: '42', spammers: '0.4' } },
];

/** Each object's answers as the worker-response files of a run under `root` hold them, in datasetObjectId order. */
async function workerResponsesUnder(root: string): Promise<Record<string, Array<{ workerId: string; answerContent: unknown }>>> {
  const out: Record<string, Array<{ workerId: string; answerContent: unknown }>> = {};
  const walk = async (at: string): Promise<void> => {
    for (const e of await readdir(at, { withFileTypes: true })) {
      const path = join(at, e.name);
      if (e.isDirectory()) await walk(path);
      const m = /worker-response\/iteration-1\/([^/]+)\/[^/]+\.json$/.exec(path);
      if (m) out[m[1] as string] = (JSON.parse(await readFile(path, 'utf8')) as { answers: Array<{ workerId: string; answerContent: unknown }> }).answers.map((a) => ({ workerId: a.workerId, answerContent: a.answerContent }));
    }
  };
  await walk(root);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => Number(a) - Number(b)));
}

/**
 * For a type added after the recording (semantic-segmentation), what the simulation without the
 * page's fields gives: the type's answer alone, per object, as the recording holds for the others.
 */
async function pagelessAnswers(dir: string, flags: { simulate: string; seed: string; spammers: string }): Promise<Record<string, Array<{ workerId: string; answerContent: unknown }>>> {
  const task = await loadTask(dir);
  const type = getTaskType(task.config.type);
  const labels = task.config.labels.map((l) => (typeof l === 'string' ? l : l.label));
  const options = { workers: Number(flags.simulate), seed: Number(flags.seed), spammers: Number(flags.spammers) };
  const lines = (await readFile(join(dir, 'manifest.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return Object.fromEntries(
    lines.map((line, i) => [String(i), simulateAnswers(type, String(i), line, type.buildTaskInput(line, labels.map((label) => ({ label }))), labels, simulatedWorkers(options), options).map((a) => ({ workerId: a.workerId, answerContent: a.answerContent }))]),
  );
}

const temp = useTempRoot('gtkit-sim-fields-');

describe.each(taskTypeNames)('gtkit run --simulate on a scaffolded %s task', (type) => {
  it('gives every seed the answers it gave before the pages were read, with the agreement table and no problem', async () => {
    const dir = join(temp.path, type);
    await initTask({ dir, type });
    for (const { key, flags } of recordedRuns) {
      const { run } = await runTask(dir, { ...flags, now: '2026-11-23T00:00:00Z', source: true });
      expect(await workerResponsesUnder(join(dir, '.gtkit', 'run', 's3')), key).toEqual(recorded[type]?.[key] ?? (await pagelessAnswers(dir, flags)));
      expect(run.problems).toEqual([]);
      expect(run.summary.workers.length).toBe(Number(flags.simulate));
      expect(run.summary.agreementLeftOut).toBeUndefined();
    }
  }, 60_000);
});

/** The walk's team template (radio group, text area, hidden input, checkbox) plus a slider and a multi-select; no field named "category". */
const customTemplate = `<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <p>{{ task.input.taskObject }}</p>
  <crowd-radio-group>
    <crowd-radio-button name="urgent" value="urgent">Urgent</crowd-radio-button>
    <crowd-radio-button name="normal" value="normal">Normal</crowd-radio-button>
  </crowd-radio-group>
  <crowd-text-area name="summary" label="Summary" required></crowd-text-area>
  <input type="hidden" name="ticketId" value="{{ task.input.ticketId }}">
  <crowd-checkbox name="flags" value="spam">Spam</crowd-checkbox>
  <crowd-checkbox name="flags" value="abuse">Abuse</crowd-checkbox>
  <crowd-slider name="priority" min="1" max="9" step="2"></crowd-slider>
  <crowd-classifier-multi-select name="topics" header="Topics" categories='{{ task.input.labels | to_json | escape }}'></crowd-classifier-multi-select>
</crowd-form>`;

const labels = ['refund', 'delivery', 'other'];
const manifestLines = Array.from({ length: 8 }, (_, i) => JSON.stringify({ source: `ticket ${i}`, ticketId: `T-${i}`, truth: labels[i % 3] }));

/** Real parts but a template given here: the Liquid engine renders it, the PRE passes the line on, the ACS keeps each object's first answer. */
function partsFor(template: string, root: string): DryRunParts {
  const compiled = compileTemplate(template, { file: 'template.liquid.html' });
  return {
    handlers: {
      pre: preHandler((line) => ({ taskInput: { taskObject: line.source ?? '', ticketId: line.ticketId ?? '', labels } }), { logger: silentLogger }),
      acs: acsHandler<Record<string, unknown>>({ logger: silentLogger, consolidateObject: (o: AcsObject<Record<string, unknown>>) => ({ label: o.annotations[0]?.answer ?? {}, metadata: {} }) }),
    },
    render: async (input) => compiled.render(input),
    lint: async (inputs) => {
      for await (const _ of inputs);
      return [];
    },
    store: new LocalObjectStore(root),
  };
}

describe('gtkit run --simulate on a template of your own', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const made = await makeTaskDir(validConfig({ consolidation: { algorithm: 'dawid-skene', answerFields: ['urgent', 'normal', 'summary', 'ticketId'] } }), { 'manifest.jsonl': manifestLines.join('\n'), 'template.liquid.html': customTemplate });
    dir = made.dir;
    cleanup = made.cleanup;
  });
  afterAll(async () => cleanup());

  /** A dry run of `template` with simulated workers (on the walk's manifest, or on `manifest` in a folder of its own), and each object's answers. */
  async function run(template: string, name: string, options: { workers?: number; seed?: number; batchSize?: number; manifest?: string[] } = {}): Promise<{ result: DryRunResult; answers: Answers }> {
    const made = options.manifest ? await makeTaskDir(validConfig(), { 'manifest.jsonl': options.manifest.join('\n'), 'template.liquid.html': template }) : undefined;
    try {
      const task = await loadTask(made?.dir ?? dir);
      const root = join(task.dir, '.gtkit', name, 's3');
      const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () =>
        dryRun(task, partsFor(template, root), { simulate: { workers: options.workers ?? 3, seed: options.seed ?? 1 }, batchSize: options.batchSize ?? 100, now: new Date('2026-11-23T10:00:00Z') }),
      );
      return { result, answers: await answersUnder(root) };
    } finally {
      await made?.cleanup();
    }
  }

  it('answers exactly the fields the page submits, each in its element’s shape', async () => {
    const { result, answers } = await run(customTemplate, 'shapes', { workers: 5, seed: 3 });
    expect(answers.size).toBe(8);
    let urgentTrue = 0;
    for (const [id, list] of answers) {
      expect(list).toHaveLength(5);
      for (const a of list) {
        expect(Object.keys(a)).toEqual(['urgent', 'normal', 'summary', 'ticketId', 'flags', 'priority', 'topics']);
        // One choice of the radio group is on, never both or none.
        const on = [(a.urgent as Record<string, boolean>).urgent, (a.normal as Record<string, boolean>).normal];
        expect(Object.keys(a.urgent as object)).toEqual(['urgent']);
        expect(Object.keys(a.normal as object)).toEqual(['normal']);
        expect(on.filter(Boolean)).toHaveLength(1);
        if (on[0]) urgentTrue++;
        expect(a.summary).toEqual(expect.stringMatching(/\S/));
        expect(a.ticketId).toBe(`T-${id}`);
        expect(Object.keys(a.flags as object)).toEqual(['spam', 'abuse']);
        expect(Object.values(a.flags as object).every((v) => typeof v === 'boolean')).toBe(true);
        expect([1, 3, 5, 7, 9]).toContain(a.priority);
        const chosen = (a.topics as { labels: string[] }).labels;
        expect(chosen.length).toBeGreaterThan(0);
        expect(chosen).toEqual(labels.filter((l) => chosen.includes(l)));
      }
    }
    // Seeded, not fixed: both choices of the radio group come up.
    expect(urgentTrue).toBeGreaterThan(0);
    expect(urgentTrue).toBeLessThan(40);
    expect(result.summary.counts.answers).toBe(40);
  });

  it('says that no answer follows the truth, fails under --strict and leaves the agreement out with its reason', async () => {
    const { result } = await run(customTemplate, 'no-truth');
    const problem = result.problems.find((p) => p.message.includes('"category"'));
    expect(problem).toMatchObject({ stage: 'answers', where: expect.stringMatching(/template\.liquid\.html$/) });
    expect(problem?.severity).toBeUndefined();
    expect(problem?.message).toBe(
      '8 lines\' pages do not submit "category" as the text-classification task type answers it, the one field simulated workers answer from the "truth" field (lines 1, 2, 3, 4, 5, 6, 7, 8 without it, submitting "flags", "normal", "priority", "summary", "ticketId", "topics", "urgent"): their simulated answers are random in every field and the worker agreement is left out; answer them in gtkit preview or write answers.jsonl',
    );
    // The truth reaches no answer, so a misspelt --truth-field is not the question here.
    expect(result.problems.some((p) => p.message.includes('check --truth-field'))).toBe(false);
    expect(runFailure(result, { strict: true })).toMatch(/^--strict: 1 problem \(answers: 1\)$/);
    expect(runFailure(result)).toBeUndefined();
    expect(result.summary.workers).toEqual([]);
    expect(result.summary.agreementLeftOut).toMatch(/no page submits "category" with a <crowd-classifier>.*agreement between random answers means nothing/);
    const printed = formatRunSummary(result, { outputManifest: 'o', jobRoot: 'j' });
    expect(printed.some((l) => l.startsWith('worker agreement: left out: no page submits "category"'))).toBe(true);
    expect(printed.some((l) => l.startsWith('worker agreement (mean similarity'))).toBe(false);
  });

  it('keeps the type’s truth-aware answer for its field beside the page’s other fields, with the agreement table', async () => {
    const withCategory = customTemplate.replace('</crowd-form>', `<crowd-classifier name="category" header="Intent" categories='{{ task.input.labels | to_json | escape }}'></crowd-classifier></crowd-form>`);
    const { result, answers } = await run(withCategory, 'with-category', { workers: 3, seed: 9 });
    expect(result.problems).toEqual([]);
    expect(result.summary.workers).toHaveLength(3);
    expect(result.summary.agreementLeftOut).toBeUndefined();
    const type = getTaskType('text-classification');
    const workers = simulatedWorkers({ workers: 3, seed: 9 }, 'eu-west-1');
    for (const [id, list] of answers) {
      const line = JSON.parse(manifestLines[Number(id)] as string) as { source: string; ticketId: string };
      // The category answer is the one the type's simulation gave before for this seed, object and worker.
      const before = simulateAnswers(type, id, line, { taskObject: line.source, ticketId: line.ticketId, labels }, labels, workers, { workers: 3, seed: 9 });
      expect(list.map((a) => a.category)).toEqual(before.map((b) => (b.answerContent as { category: unknown }).category));
      expect(Object.keys(list[0] as object)).toEqual(['urgent', 'normal', 'summary', 'ticketId', 'flags', 'priority', 'topics', 'category']);
    }
  });

  it('gives each object the same answers whatever the batch size and the other lines', async () => {
    const a = await run(customTemplate, 'batch-100', { seed: 5 });
    const b = await run(customTemplate, 'batch-1', { seed: 5, batchSize: 1 });
    expect(b.answers).toEqual(a.answers);
    expect(Object.keys(a.answers.get('4')?.[0] ?? {})).toEqual(['urgent', 'normal', 'summary', 'ticketId', 'flags', 'priority', 'topics']);
    // Fewer lines after them change nothing for the first ones; another seed changes the answers.
    const shorter = await run(customTemplate, 'shorter', { seed: 5, manifest: manifestLines.slice(0, 3) });
    expect([...shorter.answers.keys()]).toEqual(['0', '1', '2']);
    for (const [id, list] of shorter.answers) expect(list).toEqual(a.answers.get(id));
    const reseeded = await run(customTemplate, 'reseeded', { seed: 6, manifest: manifestLines.slice(0, 3) });
    expect([...reseeded.answers.values()]).not.toEqual([...shorter.answers.values()]);
  });

  it('handles hostile pages without a crash, saying what it could not answer', async () => {
    const fields500 = Array.from({ length: 500 }, (_, i) => `<crowd-input name="f${i}" required></crowd-input>`).join('');
    const hostile = `<crowd-form>
      <crowd-input name='say "hi" \u2713 \u{1F600}' required></crowd-input>
      <crowd-classifier name="empty" header="h" categories="[]"></crowd-classifier>
      <crowd-classifier name="built" header="h" categories='[{% for l in task.input.labels %}"{{ l }}"{% unless forloop.last %},{% endunless %}{% endfor %}]'></crowd-classifier>
      <crowd-classifier name="broken" header="h" categories="{{ task.input.labels }}"></crowd-classifier>
      <crowd-text-ranking name="ranked"></crowd-text-ranking>
      ${fields500}
    </crowd-form>`;
    const { result, answers } = await run(hostile, 'hostile', { manifest: manifestLines.slice(0, 4) });
    for (const list of answers.values()) {
      for (const a of list) {
        expect(a['say "hi" \u2713 \u{1F600}']).toEqual(expect.any(String));
        expect(labels).toContain((a.built as { label: string }).label);
        expect(a).not.toHaveProperty('empty');
        expect(a).not.toHaveProperty('broken');
        expect(a).not.toHaveProperty('ranked');
        expect(Object.keys(a)).toHaveLength(502);
      }
    }
    const warnings = result.problems.filter((p) => p.severity === 'warning').map((p) => p.message);
    expect(warnings).toContain('<crowd-classifier name="empty"> lists no categories a worker could choose (its categories list is empty), so the simulated answers leave it out (the pages rendered for lines 1, 2, 3, 4); give it a categories list (e.g. categories=\'{{ task.input.labels | to_json | escape }}\'); gtkit lint names what is wrong with it');
    expect(warnings.find((m) => m.startsWith('<crowd-classifier name="broken"> lists no categories a worker could choose (categories: '))).toBeDefined();
    expect(warnings.find((m) => m.startsWith('<crowd-text-ranking name="ranked"> submits an answer that is not documented'))).toBeDefined();
  });

  it('a task without labels (labels: [], a hand-written ACS) answers its field among the labels the page offers, or leaves it out', async () => {
    const offered = `<crowd-form><crowd-classifier name="category" header="h" categories='["spam","ham"]'></crowd-classifier><crowd-input name="note" required></crowd-input></crowd-form>`;
    const made = await makeTaskDir(validConfig({ labels: [], consolidation: { algorithm: 'majority-vote', answerFields: ['category', 'note'] } }), { 'manifest.jsonl': manifestLines.slice(0, 3).join('\n'), 'template.liquid.html': offered });
    try {
      const task = await loadTask(made.dir);
      const dryRunOf = async (template: string, name: string) => {
        const root = join(task.dir, '.gtkit', name, 's3');
        const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, partsFor(template, root), { simulate: { workers: 3, seed: 1 }, batchSize: 100, now: new Date('2026-11-23T10:00:00Z') }));
        return { result, answers: await answersUnder(root) };
      };
      const among = await dryRunOf(offered, 'offered');
      for (const list of among.answers.values()) for (const a of list) expect(['spam', 'ham']).toContain((a.category as { label: string }).label);
      // Nothing offered and no labels: nothing to answer with, so the field is left out (it threw "nothing to pick from").
      const none = await dryRunOf(offered.replace(`'["spam","ham"]'`, '"[]"'), 'none');
      expect(none.answers.size).toBe(3);
      for (const list of none.answers.values()) for (const a of list) expect(Object.keys(a)).toEqual(['note']);
    } finally {
      await made.cleanup();
    }
  });

  it('falls back to the type’s own answers on a page without a crowd-form, and says so once', async () => {
    const { result } = await run('<p>{{ task.input.taskObject }}</p><crowd-classifier name="category" categories="[]"></crowd-classifier>', 'no-form', { manifest: manifestLines.slice(0, 3) });
    const fallback = result.problems.filter((p) => p.message.includes('no <crowd-form>'));
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining("3 lines' pages have no <crowd-form> (lines 1, 2, 3), so nothing on them submits an answer: their simulated answers are the text-classification task type's own (\"category\")") });
    expect(result.summary.workers).toHaveLength(3);
  });
});

type Answers = Map<string, Array<Record<string, unknown>>>;

/** Each object's answers, read from the worker-response files under `root`, by datasetObjectId. */
async function answersUnder(root: string): Promise<Answers> {
  const out: Answers = new Map();
  for (const [id, list] of Object.entries(await workerResponsesUnder(root))) out.set(id, list.map((a) => a.answerContent as Record<string, unknown>));
  return out;
}

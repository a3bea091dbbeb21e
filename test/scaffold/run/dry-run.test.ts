import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acsHandler, preHandler, silentLogger, InvalidDataObjectError, LocalObjectStore, type AcsObject, type ObjectStore } from '../../../lambdas/index.ts';
import { dryRun, DryRunError, type DryRunParts } from '../../../scaffold/run/dry-run.ts';
import type { RunProgress } from '../../../scaffold/run/progress.ts';
import { loadTask, type LoadedTask } from '../../../scaffold/task/load-task.ts';
import { withEnv } from '../../../scaffold/task/with-env.ts';
import { shownPath } from '../../../scaffold/cli/paths.ts';
import { validConfig } from '../job/fixtures.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { rejected } from '../../helpers/errors.ts';
import { outputLinesOf } from '../../helpers/output-lines.ts';
import { sourceDigest } from '../../../scaffold/run/answer-placement.ts';
import { runFailure } from '../../../scaffold/run/run-verdict.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';

type Answer = { category: { label: string } };
const manifest = [
  '{"source":"parcel crushed","truth":"refund"}',
  '{"source":"where is it","truth":"delivery"}',
  'not json',
  '{"source":"skip me","skip":true}',
  '{"source":"boom"}',
  '{"source":"colour change","truth":"other"}',
].join('\n');

let task: LoadedTask;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const made = await makeTaskDir(validConfig(), { 'manifest.jsonl': manifest, 'template.liquid.html': '<crowd-form></crowd-form>' });
  cleanup = made.cleanup;
  task = await loadTask(made.dir);
});
afterAll(async () => cleanup());

function parts(root: string, overrides: Partial<DryRunParts> = {}): DryRunParts {
  const pre = preHandler(
    (line) => {
      if (line.source === 'boom') throw new InvalidDataObjectError('cannot use this line');
      return { taskInput: { taskObject: line.source ?? '', labels: ['refund', 'delivery', 'other'] }, isHumanAnnotationRequired: line.skip !== true };
    },
    { logger: silentLogger },
  );
  const acs = acsHandler<Answer>({
    logger: silentLogger,
    consolidateObject: (o: AcsObject<Answer>) => {
      const votes = new Map<string, number>();
      for (const a of o.annotations) votes.set(a.answer.category.label, (votes.get(a.answer.category.label) ?? 0) + 1);
      const [label, n] = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['', 0];
      return { label: { label }, metadata: { confidence: n / o.annotations.length, type: 'groundtruth/text-classification' } };
    },
  });
  return {
    handlers: { pre, acs },
    // A page that submits the type's field, as the catalog's does: simulated workers answer it from the truth.
    render: async (input) => `<crowd-form><p>${JSON.stringify(input).replace(/</g, '&lt;')}</p><crowd-classifier name="category" header="Intent" categories='["refund","delivery","other"]'></crowd-classifier></crowd-form>`,
    // As lintTemplate does: every input read, one after the other.
    lint: async (inputs) => {
      for await (const _ of inputs);
      return [];
    },
    store: new LocalObjectStore(root),
    ...overrides,
  };
}

describe('dryRun', () => {
  it('runs manifest → PRE → answers → ACS → output manifest, and accounts for every line', async () => {
    const root = join(task.dir, '.gtkit', 'run', 's3');
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () =>
      dryRun(task, parts(root), { simulate: { workers: 3, seed: 1, accuracy: [1, 1] }, batchSize: 2, now: new Date('2026-11-23T10:00:00Z') }),
    );
    expect(result.summary.counts).toMatchObject({ manifestLines: 6, badManifestLines: 1, preFailed: 1, notForHumans: 1, sentToWorkers: 3, answers: 9, labeled: 3 });
    // Five readable lines in, five lines out, in manifest order.
    expect(outputLinesOf(result).map((l) => l.source)).toEqual(['parcel crushed', 'where is it', 'skip me', 'boom', 'colour change']);
    expect(outputLinesOf(result)[0]).toMatchObject({
      intent: { label: 'refund' },
      'intent-metadata': { type: 'groundtruth/text-classification', confidence: 1, 'job-name': 'ticket-intent-2026', 'human-annotated': 'yes', 'creation-date': '2026-11-23T10:00:00.000000' },
    });
    expect(outputLinesOf(result)[2]).toEqual({ source: 'skip me', skip: true });
    expect(outputLinesOf(result)[3]?.['intent-metadata']).toMatchObject({ 'failure-reason': expect.stringContaining('pre-annotation Lambda failed') });
    expect(result.problems.map((p) => p.stage)).toEqual(['manifest', 'pre']);
    expect(result.problems[1]?.where).toMatch(/manifest\.jsonl:5$/);
    // Ground Truth's layout: worker responses per object, one request per batch of two.
    const jobRoot = join(root, 'acme-sagemaker-gt', 'ticket-intent', 'output', 'ticket-intent-2026');
    const worker = JSON.parse(await readFile(join(jobRoot, 'annotations', 'worker-response', 'iteration-1', '0', '2026-11-23_10:00:00.json'), 'utf8'));
    expect(worker.answers).toHaveLength(3);
    // Named as Ground Truth names a private workforce's workers in the job's Region (the fixture's eu-west-1).
    expect(worker.answers[0]).toMatchObject({ workerId: expect.stringMatching(/^private\.eu-west-1\.sim\d{13}$/), answerContent: { category: { label: 'refund' } } });
    const request = JSON.parse(await readFile(join(jobRoot, 'annotations', 'consolidated-annotation', 'consolidation-request', 'iteration-1', '2026-11-23_10:00:00-batch-1.json'), 'utf8'));
    expect(request.map((o: { datasetObjectId: string }) => o.datasetObjectId)).toEqual(['5']);
    const out = await readFile(join(jobRoot, 'manifests', 'output', 'output.manifest'), 'utf8');
    expect(out.trim().split('\n')).toHaveLength(5);
    expect(result.summary.workers).toHaveLength(3);
  });

  it('stops on the first bad line with --on-bad-line fail, naming it', async () => {
    const root = join(task.dir, '.gtkit', 'run-fail');
    await expect(dryRun(task, parts(root), { simulate: { workers: 1, seed: 1 }, onBadLine: 'fail' })).rejects.toThrow(/1 bad manifest line/);
  });

  it('fails the run on a lint error, and on an ACS that throws for a whole batch', async () => {
    const root = join(task.dir, '.gtkit', 'run-lint');
    const lint = async () => [{ severity: 'error', ruleId: 'no-crowd-form', message: 'no crowd-form', file: 't.html', line: 1, column: 1 }];
    await expect(dryRun(task, parts(root, { lint }), { simulate: { workers: 1, seed: 1 } })).rejects.toThrow('the template has 1 lint error(s)');
    const acs = async () => {
      throw new Error('cannot reach S3');
    };
    const p = parts(root);
    const run = withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, { ...p, handlers: { ...p.handlers, acs } }, { simulate: { workers: 1, seed: 1 } }));
    await expect(run).rejects.toBeInstanceOf(DryRunError);
    await expect(run).rejects.toThrow(/the ACS Lambda failed on batch 1 .*cannot reach S3/);
  });

  it('reports a render error per line and marks that object failed, without stopping', async () => {
    const root = join(task.dir, '.gtkit', 'run-render');
    const render = async (input: object) => {
      if ((input as { taskObject: string }).taskObject === 'where is it') throw new Error('template.liquid.html:3:5: undefined variable');
      return 'ok';
    };
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root, { render }), { simulate: { workers: 2, seed: 1 } }));
    expect(result.summary.counts.renderFailed).toBe(1);
    expect(outputLinesOf(result)[1]?.['intent-metadata']).toMatchObject({ 'failure-reason': expect.stringContaining('failed to render') });
  });

  it('replays a captured answer on the line whose data it was given for, after the manifest changed under it', async () => {
    const before = ['{"source":"parcel crushed"}', '{"source":"where is it"}'];
    const made = await makeTaskDir(validConfig(), { 'manifest.jsonl': ['{"source":"a new first line"}', ...before, '{"source":"gone"}'].join('\n'), 'template.liquid.html': '<crowd-form></crowd-form>' });
    try {
      const edited = await loadTask(made.dir);
      // Captured by the preview when "parcel crushed" was line 0 and "where is it" line 1; "removed" is no line now.
      const captured = [
        { datasetObjectId: '0', workerId: 'w1', answerContent: { category: { label: 'refund' } }, sourceDigest: sourceDigest('parcel crushed') },
        { datasetObjectId: '1', workerId: 'w1', answerContent: { category: { label: 'delivery' } }, sourceDigest: sourceDigest('where is it') },
        { datasetObjectId: '3', workerId: 'w1', answerContent: { category: { label: 'other' } }, sourceDigest: sourceDigest('removed') },
      ];
      await writeFile(edited.paths.answers, captured.map((a) => JSON.stringify(a)).join('\n'));
      const root = join(made.dir, '.gtkit', 'run-moved');
      const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(edited, parts(root), {}));
      const out = outputLinesOf(result);
      expect(out.map((l) => [l.source, (l.intent as { label?: string } | undefined)?.label])).toEqual([
        ['a new first line', undefined],
        ['parcel crushed', 'refund'],
        ['where is it', 'delivery'],
        ['gone', undefined],
      ]);
      const notes = result.problems.filter((p) => p.stage === 'answers');
      expect(notes.map((p) => p.severity)).toEqual(['warning', 'warning', undefined]);
      expect(notes[2]?.message).toContain('the answer of "w1" for datasetObjectId "3" was given for data that no line needing human annotation holds now');
    } finally {
      await made.cleanup();
    }
  });

  it('replays the answers file and flags answers for objects that do not exist', async () => {
    const root = join(task.dir, '.gtkit', 'run-answers');
    const answers = [
      { datasetObjectId: '0', workerId: 'w1', answerContent: { category: { label: 'refund' } } },
      { datasetObjectId: '0', workerId: 'w2', answerContent: { category: { label: 'refund' } } },
      { datasetObjectId: '42', workerId: 'w1', answerContent: { category: { label: 'x' } } },
    ];
    await writeFile(task.paths.answers, answers.map((a) => JSON.stringify(a)).join('\n'));
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root), {}));
    expect(result.summary.counts).toMatchObject({ labeled: 1, unanswered: 2 });
    expect(result.problems.some((p) => p.stage === 'answers' && p.message.includes('"42"'))).toBe(true);
    expect(outputLinesOf(result)[1]?.['intent-metadata']).toMatchObject({ 'failure-reason': expect.stringContaining('Annotation tasks expired') });
  });

  it('names each object the ACS could not consolidate, and bad lines of the answers file by number', async () => {
    const root = join(task.dir, '.gtkit', 'run-unconsolidated');
    await writeFile(task.paths.answers, ['{"datasetObjectId":"0","workerId":"w1","answerContent":{"category":"refund"}}', 'null'].join('\n'));
    const acs = acsHandler<Answer>({
      logger: silentLogger,
      parseAnswer: (content) => {
        if (typeof (content as { category?: unknown }).category !== 'object') throw new Error('answer.category: expected an object');
        return content as Answer;
      },
      consolidateObject: () => ({ label: { label: 'never' } }),
    });
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root, { handlers: { pre: parts(root).handlers.pre, acs } }), {}));
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { stage: 'answers', where: `${task.paths.answers}:2`, message: 'expected a JSON object, got null' },
        { stage: 'acs', where: `${task.paths.manifest}:1`, message: expect.stringMatching(/^datasetObjectId 0 not consolidated: .*answer\.category: expected an object/) },
      ]),
    );
    expect(outputLinesOf(result)[0]?.intent).toMatchObject({ consolidationError: expect.any(String), rawAnnotations: [{ workerId: 'w1' }] });
  });

  it('names and counts each answer the ACS set aside while it labelled the object from the others', async () => {
    const root = join(task.dir, '.gtkit', 'run-set-aside');
    const lines = [
      { datasetObjectId: '0', workerId: 'w1', answerContent: { category: { label: 'refund' } } },
      { datasetObjectId: '0', workerId: 'w2', answerContent: { category: 'refund' } },
      { datasetObjectId: '1', workerId: 'w1', answerContent: { category: { label: 'delivery' } } },
    ];
    await writeFile(task.paths.answers, lines.map((a) => JSON.stringify(a)).join('\n'));
    const acs = acsHandler<Answer>({
      logger: silentLogger,
      parseAnswer: (content) => {
        if (typeof (content as { category?: unknown }).category !== 'object') throw new Error('answer.category: expected an object');
        return content as Answer;
      },
      consolidateObject: (o) => ({ label: { label: o.annotations[0]?.answer.category.label ?? '' } }),
    });
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root, { handlers: { pre: parts(root).handlers.pre, acs } }), {}));
    expect(result.summary.counts).toMatchObject({ labeled: 2, consolidationFailed: 0, answersSetAside: 1 });
    expect(result.problems).toContainEqual({ stage: 'acs', where: `${task.paths.manifest}:1`, message: expect.stringMatching(/^datasetObjectId 0: the answer of w2 was set aside: .*answer\.category: expected an object/) });
  });

  it("counts and names an answer taskConsolidation set aside for a label outside the task's, with its suggestion; --strict fails on it", async () => {
    const root = join(task.dir, '.gtkit', 'run-unknown-label');
    const lines = [
      { datasetObjectId: '0', workerId: 'w1', answerContent: { category: { label: 'refund' } } },
      { datasetObjectId: '0', workerId: 'w-typo', answerContent: { category: { label: 'Other' } } },
      { datasetObjectId: '1', workerId: 'w1', answerContent: { category: { label: 'delivery' } } },
    ];
    await writeFile(task.paths.answers, lines.map((a) => JSON.stringify(a)).join('\n'));
    const acs = acsHandler({ ...taskConsolidation('text-classification', { algorithm: 'majority-vote', labels: ['refund', 'delivery', 'other'] }), logger: silentLogger });
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root, { handlers: { pre: parts(root).handlers.pre, acs } }), {}));
    expect(result.summary.counts).toMatchObject({ labeled: 2, consolidationFailed: 0, answersSetAside: 1 });
    expect(result.problems).toContainEqual({ stage: 'acs', where: `${task.paths.manifest}:1`, message: 'datasetObjectId 0: the answer of w-typo was set aside: label "Other" (did you mean "other"?) is not one of refund, delivery, other' });
    expect(runFailure(result, { strict: true })).toMatch(/^--strict: /);
  });

  it('a worker answering an object twice: the later line counts, and the summary names the replaced one', async () => {
    const root = join(task.dir, '.gtkit', 'run-replaced');
    const lines = [
      { datasetObjectId: '0', workerId: 'w1', answerContent: { category: { label: 'refund' } } },
      { datasetObjectId: '0', workerId: 'w2', answerContent: { category: { label: 'delivery' } } },
      { datasetObjectId: '0', workerId: 'w1', answerContent: { category: { label: 'delivery' } } },
    ];
    await writeFile(task.paths.answers, lines.map((a) => JSON.stringify(a)).join('\n'));
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root), { now: new Date('2026-11-23T10:00:00Z') }));
    expect(result.summary.counts).toMatchObject({ answers: 2, answersReplaced: 1 });
    // The later answer is the one written for the ACS.
    const response = join(root, 'acme-sagemaker-gt', 'ticket-intent', 'output', 'ticket-intent-2026', 'annotations', 'worker-response', 'iteration-1', '0', '2026-11-23_10:00:00.json');
    expect(JSON.parse(await readFile(response, 'utf8')).answers.map((a: { workerId: string; answerContent: Answer }) => [a.workerId, a.answerContent.category.label])).toEqual([
      ['w1', 'delivery'],
      ['w2', 'delivery'],
    ]);
    expect(result.summary.replacedAnswers).toEqual([{ workerId: 'w1', datasetObjectId: '0', where: `${task.paths.answers}:1`, replacedBy: `${task.paths.answers}:3` }]);
  });

  it('an empty manifest runs, writes an empty output manifest and says there was nothing to label', async () => {
    const empty = await makeTaskDir(validConfig(), { 'manifest.jsonl': '\n\n', 'template.liquid.html': '<crowd-form></crowd-form>' });
    try {
      const emptyTask = await loadTask(empty.dir);
      const root = join(empty.dir, '.gtkit', 'run', 's3');
      const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(emptyTask, parts(root), { simulate: { workers: 2, seed: 1 } }));
      expect(outputLinesOf(result)).toEqual([]);
      expect(result.problems).toEqual([{ stage: 'manifest', where: emptyTask.paths.manifest, message: expect.stringContaining('the manifest has no data objects'), fix: expect.any(String) }]);
    } finally {
      await empty.cleanup();
    }
  });

  it('a PRE that never returns on a line is that line’s PRE failure after lambdas.pre.timeoutSeconds; the run goes on', async () => {
    const root = join(task.dir, '.gtkit', 'run-pre-timeout');
    const p = parts(root);
    const pre = async (event: unknown, context: Parameters<typeof p.handlers.pre>[1]) => {
      if ((event as { dataObject: { source?: string } }).dataObject.source === 'where is it') return new Promise(() => undefined);
      return p.handlers.pre(event, context);
    };
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, { ...p, handlers: { ...p.handlers, pre } }, { simulate: { workers: 2, seed: 1 }, timeoutSeconds: { pre: 0.05 } }));
    expect(result.problems).toContainEqual({ stage: 'pre', where: `${task.paths.manifest}:2`, message: `the PRE did not return within 0.05 s (lambdas.pre.timeoutSeconds) on ${shownPath(task.paths.manifest)}:2; Lambda would time out` });
    expect(result.summary.counts).toMatchObject({ preFailed: 2, labeled: 2 });
  });

  it('an ACS that never returns fails its batch after lambdas.acs.timeoutSeconds, with a clear message', async () => {
    const root = join(task.dir, '.gtkit', 'run-acs-timeout');
    const p = parts(root);
    const acs = () => new Promise(() => undefined);
    const run = withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, { ...p, handlers: { ...p.handlers, acs } }, { simulate: { workers: 1, seed: 1 }, timeoutSeconds: { acs: 0.05 } }));
    await expect(run).rejects.toBeInstanceOf(DryRunError);
    await expect(run).rejects.toThrow(/^the ACS Lambda failed on batch 1 \(3 objects, s3:\/\/.*\.json\): the ACS did not return within 0\.05 s \(lambdas\.acs\.timeoutSeconds\); Lambda would time out$/);
  });

  it('an object the PRE kept from workers under onInvalidDataObject: skip is a pre problem with its reason and line', async () => {
    const root = join(task.dir, '.gtkit', 'run-skipped');
    const pre = preHandler(
      (line) => {
        if (line.source === 'boom') throw new InvalidDataObjectError('message too short to label');
        return { taskInput: { taskObject: line.source ?? '' }, isHumanAnnotationRequired: line.skip !== true };
      },
      { logger: silentLogger, onInvalidDataObject: 'skip' },
    );
    const p = parts(root);
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, { ...p, handlers: { ...p.handlers, pre } }, { simulate: { workers: 2, seed: 1 } }));
    expect(result.problems.filter((x) => x.stage === 'pre')).toEqual([{ stage: 'pre', where: `${task.paths.manifest}:5`, message: "the PRE keeps this line from workers (onInvalidDataObject: 'skip'): message too short to label", fix: 'fix this manifest line, or the object it names: in the job it would stay unlabelled, with only a log line in CloudWatch to say why' }]);
    // The line kept back with isHumanAnnotationRequired: false alone (no gtkitSkipped) is the PRE's choice, not a problem.
    expect(result.summary.counts).toMatchObject({ notForHumans: 2, preFailed: 0 });
  });

  it('simulated workers with no usable truth field: one problem counting the lines, since their answers are random', async () => {
    const root = join(task.dir, '.gtkit', 'run-truth');
    const misspelt = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root), { simulate: { workers: 2, seed: 1, truthField: 'truht' } }));
    expect(misspelt.problems).toContainEqual({ stage: 'answers', where: task.paths.manifest, message: '3 lines have no usable "truht" field (lines 1, 2, 6 without it); their simulated answers are random; check --truth-field' });
    const fine = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root), { simulate: { workers: 2, seed: 1 } }));
    expect(fine.problems.filter((x) => x.stage === 'answers')).toEqual([]);
  });

  it('a line with both source and source-ref is a warning naming its line, counted in the summary; source-ref is still used', async () => {
    const both = await makeTaskDir(validConfig(), {
      'manifest.jsonl': '{"source":"only text"}\n{"source":"text too","source-ref":"s3://acme-sagemaker-gt/a.txt"}\n',
      'template.liquid.html': '<crowd-form></crowd-form>',
    });
    try {
      const bothTask = await loadTask(both.dir);
      const root = join(both.dir, '.gtkit', 'run', 's3');
      const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(bothTask, parts(root), { simulate: { workers: 2, seed: 1 }, now: new Date('2026-11-23T10:00:00Z') }));
      expect(result.problems.filter((p) => p.stage === 'manifest')).toEqual([
        { stage: 'manifest', where: `${bothTask.paths.manifest}:2`, message: 'has both "source" and "source-ref"; Ground Truth\'s behaviour here is not documented (gtkit uses "source-ref") — keep one', severity: 'warning' },
      ]);
      expect(result.summary.counts).toMatchObject({ bothSourceLines: 1, badManifestLines: 0, labeled: 2 });
      // Today's choice is kept: the ACS is given the object by its source-ref.
      const request = join(root, 'acme-sagemaker-gt', 'ticket-intent', 'output', 'ticket-intent-2026', 'annotations', 'consolidated-annotation', 'consolidation-request', 'iteration-1', '2026-11-23_10:00:00.json');
      expect(JSON.parse(await readFile(request, 'utf8')).map((o: { dataObject: unknown }) => o.dataObject)).toEqual([{ content: 'only text' }, { s3Uri: 's3://acme-sagemaker-gt/a.txt' }]);
    } finally {
      await both.cleanup();
    }
  });

  it('reports where it is after each PRE call, answer and ACS batch, in the order of the steps', async () => {
    const root = join(task.dir, '.gtkit', 'run-progress');
    const seen: RunProgress[] = [];
    await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root), { simulate: { workers: 3, seed: 1 }, batchSize: 2, onProgress: (p) => seen.push(p) }));
    // Five readable lines: the PRE count climbs to five, one report per line.
    expect(seen.filter((p) => p.step === 'pre').map((p) => p.linesThroughPre)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.every((p) => p.lines === 5)).toBe(true);
    const steps = seen.map((p) => p.step).filter((step, i, all) => step !== all[i - 1]);
    expect(steps).toEqual(['pre', 'lint', 'render', 'answers', 'responses', 'acs', 'output']);
    // Three objects for workers, three simulated answers each, two per batch.
    expect(seen.at(-1)).toEqual({ step: 'output', lines: 5, linesThroughPre: 5, answers: 9, batches: 2, batchesDone: 2, stepDone: 0, stepTotal: 0 });
    expect(seen.filter((p) => p.step === 'acs').map((p) => p.batchesDone)).toEqual([0, 1, 2]);
    // The steps without a count above count their own items: tasks rendered, worker-response files written.
    expect(seen.filter((p) => p.step === 'render').map((p) => `${p.stepDone}/${p.stepTotal}`)).toEqual(['0/3', '1/3', '2/3', '3/3']);
    expect(seen.filter((p) => p.step === 'responses').map((p) => `${p.stepDone}/${p.stepTotal}`)).toEqual(['0/3', '1/3', '2/3', '3/3']);
    // The lint counts the task inputs it has taken, so the line moves during it.
    expect(seen.filter((p) => p.step === 'lint').map((p) => `${p.stepDone}/${p.stepTotal}`)).toEqual(['0/3', '1/3', '2/3', '3/3']);
    // The number of batches is unknown until the answers are in, then known.
    expect(seen.filter((p) => ['pre', 'lint', 'render', 'answers'].includes(p.step)).every((p) => p.batches === undefined)).toBe(true);
    expect(seen.filter((p) => ['responses', 'acs', 'output'].includes(p.step)).every((p) => p.batches === 2)).toBe(true);
  });

  it('with nothing answered, the progress knows there are no ACS batches (0), where before the answers it does not know yet', async () => {
    const root = join(task.dir, '.gtkit', 'run-progress-none');
    await writeFile(task.paths.answers, '');
    const seen: RunProgress[] = [];
    await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root), { onProgress: (p) => seen.push(p) }));
    expect(seen.find((p) => p.step === 'render')?.batches).toBeUndefined();
    expect(seen.filter((p) => p.step === 'acs').map((p) => [p.batches, p.batchesDone])).toEqual([[0, 0]]);
  });

  it('asks the store whether an earlier run left consolidation state, without downloading it; a store without exists is read as before', async () => {
    const root = join(task.dir, '.gtkit', 'run-carried-state');
    const local = new LocalObjectStore(root);
    const stateUri = 's3://acme-sagemaker-gt/ticket-intent/output/ticket-intent-2026/annotations/gtkit-state/consolidation.json';
    await local.putText(stateUri, '{}');
    const carried = { stage: 'acs', where: stateUri.replace('consolidation.json', ''), message: 'an earlier run left its consolidation state here, and the ACS carries it into this run; delete it (or change jobName) for a fresh run' };
    const reads: string[] = [];
    const withExists: ObjectStore = { getText: (uri) => (reads.push(uri), local.getText(uri)), putText: (uri, text) => local.putText(uri, text), exists: (uri) => local.exists(uri) };
    const first = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, { ...parts(root), store: withExists }, { simulate: { workers: 2, seed: 1 } }));
    expect(first.problems).toContainEqual(carried);
    expect(reads).toEqual([]);
    const older: ObjectStore = { getText: (uri) => (reads.push(uri), local.getText(uri)), putText: (uri, text) => local.putText(uri, text) };
    const second = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, { ...parts(root), store: older }, { simulate: { workers: 2, seed: 1 } }));
    expect(second.problems).toContainEqual(carried);
    expect(reads).toEqual([stateUri]);
  });

  it('every line comes out in manifest order with what became of it, as the batches finish; the problems keep their order', async () => {
    const rows = ['a', 'b', 'render fails', 'keep', 'boom', 'c', 'd', 'e', 'keep too'].map((source) => JSON.stringify(source.startsWith('keep') ? { source, skip: true } : { source }));
    const mixed = await makeTaskDir(validConfig(), { 'manifest.jsonl': rows.join('\n'), 'template.liquid.html': '<crowd-form></crowd-form>' });
    try {
      const mixedTask = await loadTask(mixed.dir);
      const root = join(mixed.dir, '.gtkit', 'run', 's3');
      const answer = (id: number, workerId: string, category: unknown) => JSON.stringify({ datasetObjectId: String(id), workerId, answerContent: { category } });
      // 0: two good answers; 5: one good, one set aside; 6: only answers the ACS cannot use; 1 and 7: none.
      await writeFile(mixedTask.paths.answers, [answer(0, 'w1', { label: 'refund' }), answer(5, 'w1', { label: 'other' }), answer(0, 'w2', { label: 'refund' }), answer(5, 'w2', 'other'), answer(6, 'w1', 'other')].join('\n'));
      const acs = acsHandler<Answer>({
        logger: silentLogger,
        parseAnswer: (content) => {
          if (typeof (content as { category?: unknown }).category !== 'object') throw new Error('answer.category: expected an object');
          return content as Answer;
        },
        consolidateObject: (o) => ({ label: { label: o.annotations[0]?.answer.category.label ?? '' }, metadata: { confidence: 0.5 } }),
      });
      const render = async (input: object) => {
        if ((input as { taskObject: string }).taskObject === 'render fails') throw new Error('template.liquid.html:1:1: no');
        return 'ok';
      };
      const p = parts(root, { render });
      const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(mixedTask, { ...p, handlers: { pre: p.handlers.pre, acs } }, { batchSize: 2, now: new Date('2026-11-23T10:00:00Z') }));
      const fate = (line: Record<string, unknown>) => (line.intent ? `labelled ${JSON.stringify(line.intent)}` : String((line['intent-metadata'] as { 'failure-reason'?: string } | undefined)?.['failure-reason'] ?? 'copied'));
      expect(outputLinesOf(result).map((l) => `${String(l.source)}: ${fate(l)}`)).toEqual([
        'a: labelled {"label":"refund"}',
        'b: ClientError: Annotation tasks expired. No worker answered this object.',
        'render fails: ClientError: the worker task template failed to render for this object',
        'keep: copied',
        'boom: ClientError: the pre-annotation Lambda failed on this object',
        'c: labelled {"label":"other"}',
        expect.stringMatching(/^d: labelled \{"consolidationError":"none of the 1 answers could be used \(/),
        'e: ClientError: Annotation tasks expired. No worker answered this object.',
        'keep too: copied',
      ]);
      expect(result.problems.map((x) => `${x.stage} ${x.where.slice(x.where.lastIndexOf('/') + 1)} ${x.message.slice(0, 36)}`)).toEqual([
        'pre manifest.jsonl:5 invalid data object: cannot use this',
        'render manifest.jsonl:3 template.liquid.html:1:1: no',
        'acs manifest.jsonl:6 datasetObjectId 5: the answer of w2 ',
        'acs manifest.jsonl:7 datasetObjectId 6 not consolidated: ',
      ]);
      expect(result.summary.counts).toMatchObject({ manifestLines: 9, preFailed: 1, notForHumans: 2, renderFailed: 1, sentToWorkers: 5, answers: 5, labeled: 2, consolidationFailed: 1, unanswered: 2, answersSetAside: 1 });
      // Two batches: objects 0 and 5, then 6.
      const requests = join(root, 'acme-sagemaker-gt', 'ticket-intent', 'output', 'ticket-intent-2026', 'annotations', 'consolidated-annotation', 'consolidation-request', 'iteration-1');
      expect(JSON.parse(await readFile(join(requests, '2026-11-23_10:00:00-batch-1.json'), 'utf8')).map((o: { datasetObjectId: string }) => o.datasetObjectId)).toEqual(['6']);
      // The text is what was written; the lines are read from it.
      const written = await readFile(join(root, 'acme-sagemaker-gt', 'ticket-intent', 'output', 'ticket-intent-2026', 'manifests', 'output', 'output.manifest'), 'utf8');
      expect(result.outputManifestText).toBe(written);
      expect(written.split('\n').filter(Boolean).map((l) => JSON.parse(l))).toEqual(outputLinesOf(result));
    } finally {
      await mixed.cleanup();
    }
  });

  it('lints every task input in one call that takes them one at a time, counting each as the next is taken; its errors fail the run, its warnings do not', async () => {
    const root = join(task.dir, '.gtkit', 'run-lint-once');
    const seen: RunProgress[] = [];
    const calls: Array<{ lazy: boolean; origins: string[]; doneWhenTaken: number[] }> = [];
    const lint = (severity: string) => async (inputs: Iterable<{ origin: string; taskInput: unknown }> | AsyncIterable<{ origin: string; taskInput: unknown }>) => {
      const call = { lazy: !Array.isArray(inputs), origins: [] as string[], doneWhenTaken: [] as number[] };
      calls.push(call);
      for await (const { origin } of inputs) {
        call.origins.push(origin);
        call.doneWhenTaken.push(seen.at(-1)?.stepDone ?? -1);
      }
      return [{ severity, ruleId: 'task-input-path', message: `task.input.x is not in the PRE output for 1 of ${call.origins.length} sample line(s)`, file: 't.html', line: 1, column: 1 }];
    };
    await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root, { lint: lint('warning') }), { simulate: { workers: 1, seed: 1 }, onProgress: (p) => seen.push(p) }));
    // The three lines for workers, in one call, each taken once the one before is counted.
    expect(calls).toEqual([{ lazy: true, origins: [1, 2, 6].map((n) => `${task.paths.manifest}:${n}`), doneWhenTaken: [0, 1, 2] }]);
    expect(seen.filter((p) => p.step === 'lint').map((p) => p.stepDone)).toEqual([0, 1, 2, 3]);
    const failed = await rejected(withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts(root, { lint: lint('error') }), { simulate: { workers: 1, seed: 1 } })), DryRunError);
    expect((failed as DryRunError).problems.at(-1)).toEqual({ stage: 'render', where: 't.html:1:1', message: 'task-input-path: task.input.x is not in the PRE output for 1 of 3 sample line(s)' });
  });

  it('a truth value that is not one of the labels counts too', async () => {
    const other = await makeTaskDir(validConfig(), { 'manifest.jsonl': '{"source":"a","truth":"Refund"}\n{"source":"b","truth":"refund"}\n{"source":"c"}\n', 'template.liquid.html': '<crowd-form></crowd-form>' });
    try {
      const otherTask = await loadTask(other.dir);
      const root = join(other.dir, '.gtkit', 'run', 's3');
      const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(otherTask, parts(root), { simulate: { workers: 2, seed: 1 } }));
      expect(result.problems).toEqual([{ stage: 'answers', where: otherTask.paths.manifest, message: '2 lines have no usable "truth" field (line 3 without it, line 1 with a value that is not one of the labels); their simulated answers are random; check --truth-field' }]);
    } finally {
      await other.cleanup();
    }
  });
});

import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { algorithmsHelp, registerConsolidateCommand } from '../../../scaffold/commands/consolidate.ts';
import { consolidateCommand } from '../../../scaffold/commands/consolidate-command.ts';
import { algorithms } from '../../../lambdas/consolidation/index.ts';
import { CliError, UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { readWorkerResponses } from '../../../scaffold/run/replay.ts';
import { problemLine } from '../../../scaffold/consolidate/report.ts';
import { escapeRegExp } from '../../../templates/engine/reg-exp.ts';

let root: string;
let job: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-replay-'));
  job = join(root, 'output', 'my-job');
});
afterEach(async () => rm(root, { recursive: true, force: true }));

/** Writes one worker-response file the way Ground Truth lays them out. */
async function response(id: string, body: unknown, iteration = 1, name = '2026-11-23_10:00:00.json'): Promise<string> {
  const dir = join(job, 'annotations', 'worker-response', `iteration-${iteration}`, id);
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  await writeFile(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

const answer = (workerId: string, content: unknown) => ({ workerId, acceptanceTime: '2026-11-23T10:00:00Z', submissionTime: '2026-11-23T10:00:30Z', timeSpentInSeconds: 30, answerContent: content });
const votes = (id: string, labels: string[]) => response(id, { answers: labels.map((label, i) => answer(`w${i}`, { category: { label } })) });

async function manifestLines(file: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('gtkit consolidate on hostile input', () => {
  it('a missing folder, or a file, is a usage error (exit code 2, as a missing task folder is for run) that says which folder to give', async () => {
    const where = 'give the folder (or s3:// prefix) that holds annotations/worker-response/, i.e. <S3OutputPath>/<job-name>/';
    const missing = join(root, 'nope');
    await expect(consolidateCommand(missing, { type: 'image-classification', out: join(root, 'out.manifest') })).rejects.toThrow(new UsageError(`${missing}: no such folder; ${where}`));
    const file = join(root, 'manifest.jsonl');
    await writeFile(file, '{"source":"x"}\n');
    await expect(consolidateCommand(file, { type: 'image-classification', out: join(root, 'out.manifest') })).rejects.toThrow(new UsageError(`${file}: is a file, not a folder; ${where}`));
    // A job folder without worker responses is there: not a usage error, the run finds nothing in it.
    await mkdir(job, { recursive: true });
    const empty = await consolidateCommand(job, { type: 'image-classification', out: join(root, 'out.manifest') }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(CliError);
    expect(empty).not.toBeInstanceOf(UsageError);
  });

  it('an -o that is a folder, or below a file, is refused before any file is read', async () => {
    // The source is not there either: the -o is looked at first, not after seconds of work.
    await expect(consolidateCommand(join(root, 'nope'), { type: 'image-classification', out: root })).rejects.toThrow(new UsageError(`-o ${root}: is a folder; give the output manifest's file name (e.g. ${join(root, 'output.manifest')})`));
    await writeFile(join(root, 'a-file'), 'x');
    const belowFile = join(root, 'a-file', 'deeper', 'out.manifest');
    await expect(consolidateCommand(join(root, 'nope'), { type: 'image-classification', out: belowFile })).rejects.toThrow(
      new UsageError(`-o ${belowFile}: cannot make the folder ${join(root, 'a-file')}: a file is there, where a folder is needed; give -o a path in a folder you can write, such as one under your task or home folder`),
    );
  });

  it('makes a missing -o folder, as job -o and run --out make theirs', async () => {
    const out = join(root, 'results', 'today', 'out.manifest');
    await votes('0', ['cat', 'cat', 'dog']);
    await consolidateCommand(job, { type: 'image-classification', out });
    expect(await manifestLines(out)).toHaveLength(1);
  });

  it('replaces an earlier output manifest whole (a new file renamed over it), never by rewriting it in place', async () => {
    await votes('0', ['cat', 'cat', 'dog']);
    const out = join(root, 'again.manifest');
    await writeFile(out, 'an earlier output\n');
    const before = await stat(out);
    await consolidateCommand(job, { type: 'image-classification', out });
    expect((await stat(out)).ino).not.toBe(before.ino);
    expect(await manifestLines(out)).toHaveLength(1);
  });

  it('a folder without worker-response files is a clear error', async () => {
    await mkdir(join(job, 'annotations'), { recursive: true });
    await expect(consolidateCommand(job, { type: 'image-classification', out: join(root, 'out.manifest') })).rejects.toThrow(/no worker-response files found \(expected annotations\/worker-response\/iteration-N/);
  });

  it('names every unreadable file and field, and still consolidates every good object', async () => {
    await votes('0', ['cat', 'cat', 'dog']);
    const broken = await response('1', '{"answers": [');
    const nullFile = await response('2', 'null');
    const noWorker = await response('3', { answers: [{ answerContent: { category: { label: 'cat' } } }, answer('w1', { category: { label: 'dog' } })] });
    const badContent = await response('4', { answers: [answer('w0', '{not json'), answer('w1', [1, 2])] });
    await response('5', { answers: [answer('w0', JSON.stringify({ category: { label: 'dog' } }))] });
    const out = join(root, 'out.manifest');
    const summary = await consolidateCommand(job, { type: 'image-classification', algorithm: 'majority-vote', labelAttribute: 'animal', out });
    // As gtkit run --json gives its problems: the file in `where`, the sentence the text output prints as `where: message`.
    expect(summary.problems).toContainEqual({ stage: 'answers', where: nullFile, message: 'expected {"answers": [...]}' });
    expect(summary.problems.map(problemLine)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`${broken}: not valid JSON`),
        `${nullFile}: expected {"answers": [...]}`,
        `${noWorker}: answers[0].workerId is missing`,
        `${badContent}: answers[0].answerContent is not valid JSON`,
        `${badContent}: answers[1].answerContent must be an object`,
      ]),
    );
    // Objects whose files held no usable answer are not dropped: they come out as failures.
    const lines = await manifestLines(out);
    expect(lines.map((l) => l.datasetObjectId)).toEqual(['0', '1', '2', '3', '4', '5']);
    // Workers did answer those objects: their files are what failed, and the line says which and why.
    expect(lines.map((l) => (l['animal-metadata'] as { 'class-name'?: string } | undefined)?.['class-name'] ?? (l.animal as { consolidationError?: string }).consolidationError)).toEqual([
      'cat',
      expect.stringMatching(new RegExp(`^the worker-response file ${escapeRegExp(broken)} could not be read: it is not valid JSON \\(.+\\)$`)),
      `the worker-response file ${nullFile} holds no usable answer: expected {"answers": [...]}`,
      'dog',
      `the worker-response file ${badContent} holds no usable answer: answers[0].answerContent is not valid JSON; answers[1].answerContent must be an object`,
      'dog',
    ]);
    expect(summary).toMatchObject({ objects: 6, failed: 3, files: 6 });
  });

  it('a worker-response file that is empty, cut short or unreadable gives its object "could not be read" with the file and why, not "no worker answered"', async () => {
    const whole = JSON.stringify({ answers: [answer('w0', { category: { label: 'cat' } }), answer('w1', { category: { label: 'cat' } })] });
    const empty = await response('0', '');
    const cut = await response('1', whole.slice(0, 40));
    const unreadable = await response('2', whole);
    await rm(unreadable);
    await symlink(join(root, 'nowhere.json'), unreadable);
    // Another iteration's good file for the same object: its answers count, and no failure is said.
    await response('3', '{"answers": [', 1);
    await response('3', whole, 2);
    const out = join(root, 'out.manifest');
    const summary = await consolidateCommand(job, { type: 'image-classification', labels: 'cat,dog', out });
    const lines = await manifestLines(out);
    const reasons = lines.map((l) => (l.label as { consolidationError?: string }).consolidationError);
    expect(reasons).toEqual([
      `the worker-response file ${empty} could not be read: it is not valid JSON (the file is empty)`,
      expect.stringMatching(new RegExp(`^the worker-response file ${escapeRegExp(cut)} could not be read: it is not valid JSON \\(.+\\)$`)),
      `the worker-response file ${unreadable} could not be read: a link to nothing`,
      undefined,
    ]);
    // The metadata's failure reason says the same, and the problems still name each file.
    expect(lines[0]?.['label-metadata']).toMatchObject({ 'failure-reason': `ACS: the worker-response file ${empty} could not be read: it is not valid JSON (the file is empty)` });
    expect(summary).toMatchObject({ objects: 4, failed: 3 });
    expect(summary.problems.map(problemLine)).toEqual(expect.arrayContaining([expect.stringContaining(`${empty}: not valid JSON`), `${unreadable}: cannot read it (a link to nothing); its answers are not counted`]));
  });

  it('reads a worker-response file that starts with a byte-order mark', async () => {
    await response('0', `\uFEFF${JSON.stringify({ answers: [answer('w0', { category: { label: 'cat' } })] })}`);
    const out = join(root, 'out.manifest');
    const summary = await consolidateCommand(job, { type: 'image-classification', out });
    expect(summary).toMatchObject({ objects: 1, failed: 0, problems: [] });
  });

  it('names each answer the ACS set aside among the problems, as gtkit run does, so --strict fails on it', async () => {
    await votes('0', ['cat', 'cat', 'Dog']);
    const out = join(root, 'out.manifest');
    const summary = await consolidateCommand(job, { type: 'image-classification', labels: 'cat,dog', out });
    expect(summary.problems.map(problemLine)).toEqual([expect.stringMatching(/^datasetObjectId 0: the answer of w2 was set aside: label "Dog" .*did you mean "dog"\?/)]);
    expect(await consolidateCommand(job, { type: 'image-classification', labels: 'cat,dog', out, strict: true })).toMatchObject({ ok: false, error: '--strict: 0 not consolidated, 1 problem(s)' });
  });

  it('says where the label order came from: guessed from the answers (sorted) or given', async () => {
    await votes('0', ['dog', 'cat', 'dog']);
    const out = join(root, 'out.manifest');
    const guessed = await consolidateCommand(job, { type: 'image-classification', out });
    expect(guessed).toMatchObject({ labels: ['cat', 'dog'], labelsFrom: 'answers' });
    expect((await manifestLines(out))[0]).toMatchObject({ label: 1 });
    const given = await consolidateCommand(job, { type: 'image-classification', labels: 'dog,cat', out });
    expect(given).toMatchObject({ labels: ['dog', 'cat'], labelsFrom: 'flag' });
    expect((await manifestLines(out))[0]).toMatchObject({ label: 0 });

    // The command warns about a guessed order, and only then.
    const run = async (...flags: string[]) => {
      const err: string[] = [];
      const program = new Command().exitOverride();
      registerConsolidateCommand(program, { out: () => undefined, err: (line) => err.push(line) });
      await program.parseAsync(['consolidate', job, '--type', 'image-classification', '-o', out, ...flags], { from: 'user' });
      return err;
    };
    const idOnly = "1 of 1 objects are known by datasetObjectId only (no consolidation request names their data); give --manifest <the job's input manifest> for whole lines";
    expect(await run()).toEqual([expect.stringMatching(/^labels: cat, dog \(seen in the answers, sorted\).*give --labels in the job's order/), idOnly]);
    expect(await run('--labels', 'dog,cat')).toEqual([idOnly]);
  });

  it('with --manifest keeps every input line, labelled or not, and reports answers without a line', async () => {
    await votes('0', ['cat', 'cat', 'dog']);
    await votes('7', ['dog']);
    const manifest = join(root, 'manifest.jsonl');
    await writeFile(manifest, ['{"source-ref":"s3://b/a.png"}', '{"source-ref":"s3://b/b.png"}', ''].join('\n'));
    const out = join(root, 'out.manifest');
    const summary = await consolidateCommand(job, { type: 'image-classification', labelAttribute: 'animal', manifest, out });
    const lines = await manifestLines(out);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ 'source-ref': 's3://b/a.png', 'animal-metadata': { 'class-name': 'cat' } });
    expect(lines[1]).toEqual({ 'source-ref': 's3://b/b.png' });
    // Copied as it is, and counted: the answers cannot tell an expired object from one the PRE kept from workers.
    expect(summary.linesWithoutAnswers).toBe(1);
    // The object the manifest lacks keeps its label, at the end, by id.
    expect(lines[2]).toMatchObject({ datasetObjectId: '7', 'animal-metadata': { 'class-name': 'dog' } });
    expect(summary.problems).toContainEqual({ stage: 'acs', where: 'datasetObjectId 7', message: `it has answers but no line in ${manifest}; written at the end with its id only` });
  });

  it('exits with code 1 when no object could be consolidated, and with --strict when any could not; the output is written either way', async () => {
    await response('0', { answers: [] });
    await response('1', '{broken');
    const out = join(root, 'out.manifest');
    const run = async (...flags: string[]) => {
      const program = new Command().exitOverride();
      registerConsolidateCommand(program, { out: () => undefined, err: () => undefined });
      return program.parseAsync(['consolidate', job, '--type', 'image-classification', '-o', out, ...flags], { from: 'user' });
    };
    await expect(run()).rejects.toThrow(new CliError(`none of the 2 objects was consolidated; see the consolidationError of any line in ${out}`));
    // A file that holds no answers reaches the ACS as an object with none (the ACS's words); a file cut short says so.
    expect((await manifestLines(out)).map((l) => (l.label as { consolidationError: string }).consolidationError)).toEqual(['no answers in the payload', expect.stringMatching(/^the worker-response file .*could not be read: it is not valid JSON/)]);
    expect(await consolidateCommand(job, { type: 'image-classification', out, json: true })).toMatchObject({ ok: false, error: `none of the 2 objects was consolidated; see the consolidationError of any line in ${out}` });

    await votes('2', ['cat', 'cat']);
    // One object labelled: exit 0, and the output holds it beside the two failures.
    await run();
    expect((await manifestLines(out)).map((l) => (l['label-metadata'] as { 'class-name'?: string } | undefined)?.['class-name'] ?? 'failed')).toEqual(['failed', 'failed', 'cat']);
    await expect(run('--strict')).rejects.toThrow(new CliError('--strict: 2 not consolidated, 1 problem(s)'));
    await rm(join(job, 'annotations', 'worker-response', 'iteration-1', '0'), { recursive: true });
    await rm(join(job, 'annotations', 'worker-response', 'iteration-1', '1'), { recursive: true });
    // Nothing failed and no file had a problem: --strict passes, with the one label written.
    await run('--strict');
    expect((await manifestLines(out)).map((l) => (l['label-metadata'] as { 'class-name': string })['class-name'])).toEqual(['cat']);
  });

  it('orders the labels of boxes, points, spans and shapes too, and says the order was guessed', async () => {
    const box = (label: string, left: number) => ({ label, left, top: 10, width: 20, height: 20 });
    await response('0', { answers: [answer('w0', { boxes: { boundingBoxes: [box('van', 0), box('car', 100)], inputImageProperties: { width: 400, height: 300 } } }), answer('w1', { boxes: { boundingBoxes: [box('van', 1), box('bus', 200)], inputImageProperties: { width: 400, height: 300 } } })] });
    const out = join(root, 'out.manifest');
    const summary = await consolidateCommand(job, { type: 'bounding-box', out });
    expect(summary).toMatchObject({ labels: ['bus', 'car', 'van'], labelsFrom: 'answers', failed: 0 });
    expect((await manifestLines(out))[0]).toMatchObject({ 'label-metadata': { 'class-map': { 0: 'bus', 1: 'car', 2: 'van' } } });
    const err: string[] = [];
    const program = new Command().exitOverride();
    registerConsolidateCommand(program, { out: () => undefined, err: (line) => err.push(line) });
    await program.parseAsync(['consolidate', job, '--type', 'bounding-box', '-o', out], { from: 'user' });
    expect(err).toEqual([expect.stringMatching(/^labels: bus, car, van \(seen in the answers, sorted\); the output's class indices follow this order/), expect.stringMatching(/^1 of 1 objects are known by datasetObjectId only/)]);
  });

  it('names every file among the worker responses it cannot use: another extension, a link to a folder or to nothing; a link to a file is read', async () => {
    await votes('0', ['cat']);
    const dir = join(job, 'annotations', 'worker-response', 'iteration-1', '1');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'a.JSON'), JSON.stringify({ answers: [answer('w0', { category: { label: 'dog' } })] }));
    await writeFile(join(root, 'elsewhere.json'), JSON.stringify({ answers: [answer('w1', { category: { label: 'dog' } })] }));
    await symlink(join(root, 'elsewhere.json'), join(dir, 'link.json'));
    await symlink(root, join(dir, 'folder.json'));
    await symlink(join(root, 'gone.json'), join(dir, 'gone.json'));
    const replay = await readWorkerResponses(job);
    expect(replay.answers.get('1')?.map((a) => a.workerId)).toEqual(['w1']);
    expect(replay.problems.map(problemLine)).toEqual([
      `${join(dir, 'a.JSON')}: not a worker-response file (expected iteration-N/<datasetObjectId>/<time>.json); skipped`,
      `${join(dir, 'folder.json')}: cannot read it (a link to a folder, not a file); its answers are not counted`,
      `${join(dir, 'gone.json')}: cannot read it (a link to nothing); its answers are not counted`,
    ]);
  });

  it('a folder name that is not valid percent-encoding is kept as written; a stray file among the worker responses is named', async () => {
    await votes('100%', ['cat', 'cat']);
    const stray = join(job, 'annotations', 'worker-response', 'iteration-x', '2');
    await mkdir(stray, { recursive: true });
    await writeFile(join(stray, 'a.json'), JSON.stringify({ answers: [answer('w0', { category: { label: 'dog' } })] }));
    await mkdir(join(job, 'annotations', 'consolidated-annotation'), { recursive: true });
    await writeFile(join(job, 'annotations', 'consolidated-annotation', 'other.json'), '{}');
    const replay = await readWorkerResponses(job);
    expect([...replay.answers.keys()]).toEqual(['100%']);
    expect(replay.problems.map(problemLine)).toEqual([`${join(stray, 'a.json')}: not a worker-response file (expected iteration-N/<datasetObjectId>/<time>.json); skipped`]);
  });

  it('the latest iteration of a worker’s answer wins', async () => {
    await votes('0', ['cat']);
    await response('0', { answers: [answer('w0', { category: { label: 'dog' } })] }, 2);
    const replay = await readWorkerResponses(job);
    expect(replay.answers.get('0')?.map((a) => a.answerContent)).toEqual([{ category: { label: 'dog' } }]);
  });

  it('bad flags are usage errors: both --task and --type, a bad batch size, an unknown type or algorithm, an ambiguous field', async () => {
    await response('0', { answers: [answer('w0', { category: { label: 'cat' }, note: 'x' })] });
    const out = join(root, 'out.manifest');
    await expect(consolidateCommand(job, { out })).rejects.toThrow(UsageError);
    await expect(consolidateCommand(job, { task: root, type: 'image-classification', out })).rejects.toThrow(/exclude each other/);
    await expect(consolidateCommand(job, { type: 'image-classification', batchSize: '0', out })).rejects.toThrow(/--batch-size must be a whole number/);
    await expect(consolidateCommand(job, { type: 'image-clasification', out })).rejects.toThrow(/^--type "image-clasification" is not a task type; use one of .* \(did you mean image-classification\?\)$/);
    await expect(consolidateCommand(job, { type: 'image-classification', algorithm: 'best-guess', out })).rejects.toThrow(/--algorithm: unknown algorithm "best-guess"; for image-classification use majority-vote/);
    await expect(consolidateCommand(job, { type: 'image-classification', algorithm: 'box-merge', out })).rejects.toThrow(/--algorithm: "box-merge" consolidates box answers, but image-classification answers are class; use majority-vote/);
    await expect(consolidateCommand(job, { type: 'image-classification', algorithm: 'dawid-skene', options: '{"maxIterations":0,"tolerence":1}', out })).rejects.toThrow(
      /--options maxIterations: expected a number at least 1 and at most 10000, got 0 \(the most EM iterations\)\n--options tolerence: not an option of this algorithm; did you mean "tolerance"\?/,
    );
    await expect(consolidateCommand(job, { type: 'image-classification', options: '[1]', out })).rejects.toThrow(/--options must be a JSON object, e.g. '\{"quorum":0.6\}', got array/);
    await expect(consolidateCommand(job, { type: 'image-classification', options: '{quorum', out })).rejects.toThrow(UsageError);
    await expect(consolidateCommand(job, { task: root, options: '{}', out })).rejects.toThrow(/--options goes with --type/);
    await expect(consolidateCommand(job, { task: root, algorithm: 'majority-vote', labels: 'a,b', out })).rejects.toThrow("--algorithm, --labels go with --type; with --task, the task's own acs.ts and config decide them");
    await rm(join(job, 'annotations'), { recursive: true });
    await response('0', { answers: [answer('w0', { a: { label: 'cat' }, b: { label: 'dog' } })] });
    await expect(consolidateCommand(job, { type: 'image-classification', out })).rejects.toThrow(/several fields \(a, b\); pick one with --field/);
    const summary = await consolidateCommand(job, { type: 'image-classification', field: 'b', labelAttribute: 'animal', out });
    expect(summary.failed).toBe(0);
    expect((await manifestLines(out))[0]).toMatchObject({ 'animal-metadata': { 'class-name': 'dog' } });
    const tuned = await consolidateCommand(job, { type: 'image-classification', algorithm: 'dawid-skene', options: '{"maxIterations":5,"smoothing":0.1}', field: 'b', out });
    expect(tuned.failed).toBe(0);
  });
});

/** Writes one consolidation-request file (the ACS payload) the way Ground Truth lays them out. */
async function request(body: unknown, iteration = 1, name = '2026-11-23_10:00:00.json'): Promise<string> {
  const dir = join(job, 'annotations', 'consolidated-annotation', 'consolidation-request', `iteration-${iteration}`);
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  await writeFile(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

describe('gtkit consolidate without --manifest: each object\'s data from the consolidation requests', () => {
  it('writes the source-ref or source the requests name beside the datasetObjectId', async () => {
    await votes('0', ['cat', 'cat', 'dog']);
    await votes('1', ['dog', 'dog']);
    await votes('2', ['cat']);
    await request([
      { datasetObjectId: '0', dataObject: { s3Uri: 's3://b/a.png' }, annotations: [] },
      { datasetObjectId: 1, dataObject: { content: 'a text "quoted"' }, annotations: [{ workerId: 'w0', annotationData: { content: '{}' } }] },
    ]);
    const out = join(root, 'out.manifest');
    const summary = await consolidateCommand(job, { type: 'image-classification', labelAttribute: 'animal', out });
    expect(summary).toMatchObject({ sourcesFrom: 'consolidation-requests', objects: 3, objectsWithData: 2, problems: [], warnings: [] });
    const lines = await manifestLines(out);
    expect(lines[0]).toMatchObject({ datasetObjectId: '0', 'source-ref': 's3://b/a.png', animal: 0, 'animal-metadata': { 'class-name': 'cat' } });
    expect(lines[1]).toMatchObject({ datasetObjectId: '1', source: 'a text "quoted"', 'animal-metadata': { 'class-name': 'dog' } });
    // Not named by any request: kept, by id alone.
    expect(Object.keys(lines[2] ?? {}).sort()).toEqual(['animal', 'animal-metadata', 'datasetObjectId']);
  });

  it('names a broken or contradicting request and still consolidates every object; the latest iteration wins', async () => {
    await votes('0', ['cat']);
    await votes('1', ['dog']);
    const broken = await request('[{"datasetObjectId": "0"', 1, 'a.json');
    const notArray = await request({ datasetObjectId: '0' }, 1, 'b.json');
    const badData = await request([{ datasetObjectId: '1', dataObject: 'x.png' }, { dataObject: { s3Uri: 's3://b/lost.png' } }], 1, 'c.json');
    await request([{ datasetObjectId: '0', dataObject: { s3Uri: 's3://b/old.png' } }], 1, 'd.json');
    const later = await request([{ datasetObjectId: '0', dataObject: { s3Uri: 's3://b/new.png' } }], 2, 'e.json');
    const out = join(root, 'out.manifest');
    const summary = await consolidateCommand(job, { type: 'image-classification', out, strict: true });
    // Only warnings: the requests add each line's data, so --strict still passes.
    expect([summary.failed, summary.ok, summary.problems]).toEqual([0, true, []]);
    // Each in a problem's shape, marked as gtkit run --json marks its warnings.
    const warning = (where: string, message: unknown) => ({ stage: 'answers', where, message, severity: 'warning' });
    expect(summary.warnings).toEqual([
      warning(broken, expect.stringMatching(/^cannot read this consolidation request \(.*JSON.*\); its objects' data and their batch \(--batches job\) are not known from it$/)),
      warning(notArray, 'request expected an array, got object'),
      warning(badData, expect.stringMatching(/^request\[0\]\.dataObject .*; request\[1\]\.datasetObjectId /)),
      warning('datasetObjectId 0', `the consolidation requests name different data (${later} and an earlier one); the latest iteration's is used`),
    ]);
    // On stderr each is the sentence it was before --json gave it its parts.
    const err: string[] = [];
    const program = new Command().exitOverride();
    registerConsolidateCommand(program, { out: () => undefined, err: (line) => err.push(line) });
    await program.parseAsync(['consolidate', job, '--type', 'image-classification', '-o', out], { from: 'user' });
    expect(err.filter((line) => line.startsWith('warning: '))).toEqual([
      expect.stringMatching(new RegExp(`^warning: ${escapeRegExp(broken)}: cannot read this consolidation request \\(`)),
      `warning: ${notArray}: request expected an array, got object`,
      expect.stringMatching(new RegExp(`^warning: ${escapeRegExp(badData)}: request\\[0\\]\\.dataObject `)),
      `warning: datasetObjectId 0: the consolidation requests name different data (${later} and an earlier one); the latest iteration's is used`,
    ]);
    const lines = await manifestLines(out);
    expect(lines[0]).toMatchObject({ datasetObjectId: '0', 'source-ref': 's3://b/new.png' });
    expect(lines[1]).not.toHaveProperty('source-ref');
  });

  it('with --manifest the requests are not read', async () => {
    await votes('0', ['cat']);
    await request('not json');
    const manifest = join(root, 'manifest.jsonl');
    await writeFile(manifest, '{"source-ref":"s3://b/a.png"}\n');
    const summary = await consolidateCommand(job, { type: 'image-classification', manifest, out: join(root, 'out.manifest') });
    expect(summary).toMatchObject({ sourcesFrom: 'manifest', objectsWithData: 1, problems: [], warnings: [] });
  });
});

describe('gtkit consolidate: one job at a time', () => {
  it('refuses a folder that holds several jobs (their ids would mix), naming each job folder, and writes nothing', async () => {
    await votes('0', ['cat', 'cat']);
    // A second job beside the first (a renamed jobName leaves the old folder in .gtkit/run/s3): the same ids, other answers.
    const other = join(root, 'output', 'my-job-v2', 'annotations', 'worker-response', 'iteration-1', '0');
    await mkdir(other, { recursive: true });
    await writeFile(join(other, '2026-11-24_10:00:00.json'), JSON.stringify({ answers: ['w5', 'w6', 'w7'].map((w) => answer(w, { category: { label: 'dog' } })) }));
    const out = join(root, 'out.manifest');
    const run = consolidateCommand(join(root, 'output'), { type: 'image-classification', out });
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toThrow(`${join(root, 'output')} holds the worker responses of 2 jobs (${job}, ${join(root, 'output', 'my-job-v2')}), whose datasetObjectIds would mix; give one job's folder`);
    await expect(readFile(out, 'utf8')).rejects.toThrow(/ENOENT/);
    // Each job alone is fine.
    expect(await consolidateCommand(job, { type: 'image-classification', out })).toMatchObject({ objects: 1, answers: 2 });
  });

  it('takes the job\'s annotations/ or annotations/worker-response/ folder as the job folder itself, consolidation requests included', async () => {
    await votes('0', ['cat', 'cat', 'dog']);
    await votes('1', ['dog']);
    await request([{ datasetObjectId: '0', dataObject: { s3Uri: 's3://b/a.png' }, annotations: [] }]);
    const out = join(root, 'out.manifest');
    const expected = await consolidateCommand(job, { type: 'image-classification', out });
    const whole = await readFile(out, 'utf8');
    for (const folder of [join(job, 'annotations'), join(job, 'annotations', 'worker-response'), `${join(job, 'annotations', 'worker-response')}/`]) {
      const summary = await consolidateCommand(folder, { type: 'image-classification', out });
      expect(summary).toMatchObject({ objects: 2, answers: 4, objectsWithData: 1, problems: [] });
      expect({ ...summary, out: expected.out }).toEqual(expected);
      expect(withoutDates(await readFile(out, 'utf8'))).toBe(withoutDates(whole));
    }
    expect((await manifestLines(out))[0]).toMatchObject({ datasetObjectId: '0', 'source-ref': 's3://b/a.png' });
  });
});

/** The output without its creation dates, which follow the clock. */
const withoutDates = (text: string) => text.replace(/"creation-date":"[^"]+"/g, '"creation-date":""');


describe('gtkit consolidate --help', () => {
  it('gtkit consolidate --help lists every registered algorithm with its options', () => {
    const help = algorithmsHelp();
    for (const name of Object.keys(algorithms)) expect(help).toContain(`  ${name} [`);
    expect(help).toContain('      quorum: number 0–1 (default: 0.5); the share of the item\'s workers an object needs');
    expect(help).toContain('      maxIterations: whole number 1–10000 (default: 30); the most EM iterations');
  });
});

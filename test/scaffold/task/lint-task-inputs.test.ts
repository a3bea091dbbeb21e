import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { sampleTaskInputs } from '../../../scaffold/task/task-inputs.ts';
import { missingTaskFileFinding, unreadableManifestFinding } from '../../../scaffold/task/task-files.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { shownPath } from '../../../scaffold/cli/paths.ts';
import { ManifestFileError } from '../../../scaffold/run/manifest.ts';

const exec = promisify(execFile);

const temp = useTempRoot('gtkit-lint-task-inputs-');
let dir: string;
let pre: string;
beforeAll(async () => {
  dir = join(temp.path, 'task');
  await initTask({ dir, type: 'text-classification' });
  pre = await readFile(join(dir, 'pre.ts'), 'utf8');
}, 60_000);

async function lintWithPre(source: string) {
  await writeFile(join(dir, 'pre.ts'), source);
  try {
    return (await lintTarget(dir)).findings.filter((f) => f.ruleId === 'task-inputs');
  } finally {
    await writeFile(join(dir, 'pre.ts'), pre);
  }
}

describe('gtkit lint <task folder>: a PRE that cannot give the task inputs is an error on pre.ts', () => {
  it('a pre.ts that builds but exports no handler: on pre.ts line 1, with the export to write', async () => {
    const renamed = pre.replace('export const handler', 'const handler2');
    expect(renamed).not.toBe(pre);
    const findings = await lintWithPre(`${renamed}\nconsole.log(handler2);\n`);
    expect(findings).toEqual([
      {
        ruleId: 'task-inputs',
        severity: 'error',
        message: 'could not get the task inputs, so task.input paths were not checked: exports no function "handler" (Lambda calls <file>.handler)',
        file: expect.stringMatching(/(^|\/)pre\.ts$/),
        line: 1,
        column: 1,
        hint: expect.stringMatching(/^export the PRE's handler from .*pre\.ts: export const handler = preHandler\(/),
      },
    ]);
  });

  it('a pre.ts that does not load: on pre.ts, at the line and column of its syntax error', async () => {
    const lines = pre.split('\n').length;
    const findings = await lintWithPre(`${pre}\nexport const broken = {;\n`);
    expect(findings).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/(^|\/)pre\.ts$/), line: lines + 1, column: 24, message: expect.stringContaining('could not load'), hint: expect.stringContaining('so that it loads') }),
    ]);
  });

  it('a pre.ts whose import is not there: on pre.ts line 1', async () => {
    const findings = await lintWithPre(`import { helper } from './helpers/missing.ts';\n${pre}\nconsole.log(helper);\n`);
    expect(findings).toEqual([expect.objectContaining({ file: expect.stringMatching(/(^|\/)pre\.ts$/), line: 1, column: 1, hint: expect.stringContaining('an import that is not installed or not there') })]);
  });
});

describe('gtkit lint <task folder>: one finding per manifest line that gives no task input, at that line', () => {
  it('a PRE that fails on two lines: two findings, each at its manifest line, with the PRE to fix', async () => {
    const failing = pre.replace('export const handler = preHandler<ClassificationTaskInput>((line) => ({', "export const handler = preHandler<ClassificationTaskInput>((line) => ({\n  ...(/^(Where|Can I)/.test(String(line.source)) ? (() => { throw new Error(`no ticket for ${String(line.source).slice(0, 5)}`); })() : {}),");
    expect(failing).not.toBe(pre);
    const findings = await lintWithPre(failing);
    // Where pre.ts throws, as the preview names it: the line of the throw, the column of its `new Error`.
    const throwLine = failing.split('\n').findIndex((l) => l.includes('throw new Error')) + 1;
    const at = `${shownPath(join(dir, 'pre.ts'))}:${throwLine}:${(failing.split('\n')[throwLine - 1] ?? '').indexOf('new Error') + 1}`;
    expect(findings.map((f) => [f.file, f.line, f.column, f.message.split('\n')[0], f.hint])).toEqual([
      [expect.stringMatching(/(^|\/)manifest\.jsonl$/), 2, 1, `could not get the task input of this line, so its task.input paths were not checked: the PRE failed at ${at}: no ticket for Where`, `fix ${at} or this manifest line (gtkit preview shows what the PRE returns for each line)`],
      [expect.stringMatching(/(^|\/)manifest\.jsonl$/), 3, 1, `could not get the task input of this line, so its task.input paths were not checked: the PRE failed at ${at}: no ticket for Can I`, expect.any(String)],
    ]);
  });

  it('a bad manifest line: a manifest-line finding at that line whose fix is the line, not pre.ts', async () => {
    const manifest = join(dir, 'manifest.jsonl');
    const original = await readFile(manifest, 'utf8');
    await writeFile(manifest, `${original}not json\n{"source-ref":""}\n`);
    try {
      const findings = (await lintTarget(dir)).findings.filter((f) => f.ruleId === 'manifest-line' || f.ruleId === 'task-inputs');
      expect(findings.map((f) => [f.ruleId, f.line, f.message, f.hint])).toEqual([
        ['manifest-line', 7, expect.stringMatching(/^not valid JSON \(.*\); each line must be one complete JSON object; the PRE did not run on this line, so its task\.input paths were not checked$/), expect.stringMatching(/^fix line 7 of .*manifest\.jsonl: one JSON object per line, with "source" or "source-ref" \(gtkit run reports it as a bad line and skips it\)$/)],
        ['manifest-line', 8, '"source-ref" must be the s3:// URI of a file (s3://bucket/key), got ""; the PRE did not run on this line, so its task.input paths were not checked', expect.stringMatching(/^fix line 8 of /)],
      ]);
    } finally {
      await writeFile(manifest, original);
    }
  });
});

describe('gtkit lint <task folder>: a manifest that cannot be read at all is one finding on the file, with the fix for its cause', () => {
  /** Lints with the manifest replaced by `make` (a write, or a folder), then puts the original back; returns the findings about the manifest or the task inputs. */
  async function lintWithManifest(make: (path: string) => Promise<void>, configEdit?: (config: string) => string) {
    const manifest = join(dir, 'manifest.jsonl');
    const configFile = join(dir, 'gtkit.config.ts');
    const original = await readFile(manifest);
    const config = await readFile(configFile, 'utf8');
    await rm(manifest, { recursive: true });
    await make(manifest);
    if (configEdit) await writeFile(configFile, configEdit(config));
    try {
      const result = await lintTarget(dir);
      return { findings: result.findings.filter((f) => ['manifest-file', 'manifest-line', 'task-inputs', 'missing-file'].includes(f.ruleId)), notes: result.notes };
    } finally {
      await rm(manifest, { recursive: true, force: true });
      await writeFile(manifest, original);
      await writeFile(configFile, config);
    }
  }
  const onManifest = { file: expect.stringMatching(/(^|\/)manifest\.jsonl$/), line: 1, column: 1 };

  it('a folder where the manifest should be: move it away, or point files.manifest at the file', async () => {
    const { findings } = await lintWithManifest((path) => mkdir(path).then(() => undefined));
    expect(findings).toEqual([
      {
        ruleId: 'manifest-file',
        severity: 'error',
        message: 'is a folder, not a file: the input manifest is one JSON Lines file; no line of it was read, so task.input paths were not checked',
        ...onManifest,
        hint: "move the folder manifest.jsonl away and put the manifest file (one JSON object per line) in its place, or set files.manifest in gtkit.config.ts to your manifest's path",
      },
    ]);
  });

  it('a manifest saved as UTF-16: save it as UTF-8', async () => {
    const { findings } = await lintWithManifest((path) => writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"source":"a"}\n', 'utf16le')])));
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'manifest-file', severity: 'error', ...onManifest, message: expect.stringMatching(/^the file is UTF-16 .*; no line of it was read, so task\.input paths were not checked$/), hint: "save manifest.jsonl again as UTF-8 (your editor's encoding setting, or iconv -f UTF-16 -t UTF-8); every line of it is read in that encoding" }),
    ]);
  });

  it('a manifest of which no line is UTF-8 (Latin-1): one finding for the file, not one per line', async () => {
    const latin1 = Buffer.from('{"source":"caf\xe9"}\n{"source":"na\xefve"}\n', 'latin1');
    const { findings, notes } = await lintWithManifest((path) => writeFile(path, latin1));
    expect(findings).toEqual([
      {
        ruleId: 'manifest-file',
        severity: 'error',
        message: 'is not UTF-8: no line of it is (a file saved as Latin-1 or another older encoding?), so task.input paths were not checked',
        ...onManifest,
        hint: "save manifest.jsonl again as UTF-8 (your editor's encoding setting, or iconv -f LATIN1 -t UTF-8 for a Latin-1 file)",
      },
    ]);
    expect(notes.join('\n')).not.toContain('no manifest line reached the template');
    // One bad line among good ones stays a finding on that line.
    const mixed = await lintWithManifest((path) => writeFile(path, Buffer.concat([Buffer.from('{"source":"fine"}\n'), latin1])));
    expect(mixed.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['manifest-line', 2],
      ['manifest-line', 3],
    ]);
  });

  it('one line that is not UTF-8 among good ones: its finding says so and to save the file as UTF-8, naming the line', async () => {
    const { findings } = await lintWithManifest((path) => writeFile(path, Buffer.concat([Buffer.from('{"source":"fine"}\n{"source":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n{"source":"also fine"}\n')])));
    expect(findings).toEqual([
      {
        ruleId: 'manifest-line',
        severity: 'error',
        message: 'not valid UTF-8 (some bytes are no character; a file saved as Latin-1?); save the manifest as UTF-8; the PRE did not run on this line, so its task.input paths were not checked',
        file: expect.stringMatching(/(^|\/)manifest\.jsonl$/),
        line: 2,
        column: 1,
        hint: "line 2 of manifest.jsonl is not UTF-8: save manifest.jsonl as UTF-8 (your editor's encoding setting), then check that line's accented and other non-ASCII characters, which an editor shows as � where they were lost (gtkit run reports it as a bad line and skips it)",
      },
    ]);
  });

  it('a manifest whose lines end in CR alone: save it with LF line endings', async () => {
    const { findings } = await lintWithManifest((path) => writeFile(path, '{"source":"a"}\r{"source":"b"}\r'));
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'manifest-file', ...onManifest, message: expect.stringMatching(/^the lines end in CR alone/), hint: "save manifest.jsonl again with LF (or CRLF) line endings (your editor's line-ending setting, or tr '\\r' '\\n')" })]);
  });

  it('an empty manifest, or one of blank lines: add data objects (a warning for a streaming job)', async () => {
    const hint = 'add one JSON object per line, e.g. {"source": "text to label"} or {"source-ref": "s3://bucket/key"} (gtkit init <new-folder> --type text-classification writes sample lines)';
    const empty = await lintWithManifest((path) => writeFile(path, ''));
    expect(empty.findings).toEqual([{ ruleId: 'manifest-file', severity: 'error', message: 'has no data objects (it is empty), so task.input paths were not checked, and a job made from it would label nothing', ...onManifest, hint }]);
    const blank = await lintWithManifest((path) => writeFile(path, '\uFEFF\n  \r\n'));
    expect(blank.findings).toEqual([expect.objectContaining({ ruleId: 'manifest-file', severity: 'error', message: expect.stringContaining('it is empty but for blank lines'), hint })]);
    const streaming = await lintWithManifest(
      (path) => writeFile(path, ''),
      (config) => config.replace('  s3: {', '  streaming: { inputTopicArn: "arn:aws:sns:us-east-1:123456789012:labeling-input" },\n  s3: {'),
    );
    expect(streaming.findings).toEqual([expect.objectContaining({ ruleId: 'manifest-file', severity: 'warning', message: 'has no data objects (it is empty), so task.input paths were not checked' })]);
  });

  it('a manifest gone after the folder was checked is a missing-file finding; one the user may not read gets the permission fix', async () => {
    const task = await loadTask(dir);
    const path = join(dir, 'manifest.jsonl');
    const denied = unreadableManifestFinding(task, new ManifestFileError(path, 'unreadable', 'cannot read it (permission denied)'));
    expect(denied).toEqual({ ruleId: 'manifest-file', severity: 'error', message: 'cannot read it (permission denied); no line of it was read, so task.input paths were not checked', ...onManifest, hint: 'let your user read manifest.jsonl (check its owner and permissions, e.g. chmod u+r manifest.jsonl)' });
    expect(unreadableManifestFinding(task, new ManifestFileError(path, 'missing', 'no such file'))).toEqual(missingTaskFileFinding(task, 'manifest'));
  });

  it('a pipe where the manifest should be is refused before it is read (reading would wait for a writer)', async () => {
    const { findings } = await lintWithManifest((path) => exec('mkfifo', [path]).then(() => undefined));
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'manifest-file', message: 'is not a regular file (a pipe, a socket or a device): the input manifest is one JSON Lines file; no line of it was read, so task.input paths were not checked' })]);
  });
});

describe('the PRE under gtkit lint', () => {
  it("is called as the dry run and the preview call it: with the task's job ARN and function name, not a test job's", async () => {
    await writeFile(join(dir, 'pre.ts'), "export const handler = async (event: { labelingJobArn: string }, context: { functionName: string }) => ({ taskInput: { arn: event.labelingJobArn, fn: context.functionName }, isHumanAnnotationRequired: true });\n");
    try {
      const task = await loadTask(dir);
      const { inputs, problems } = await sampleTaskInputs(task);
      expect(problems).toEqual([]);
      expect(inputs[0]?.taskInput).toEqual({ arn: expect.stringMatching(new RegExp(`:labeling-job/${task.config.jobName}$`)), fn: task.config.lambdas.pre.functionName });
    } finally {
      await writeFile(join(dir, 'pre.ts'), pre);
    }
  });
});

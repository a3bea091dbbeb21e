import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintTarget } from '../../../scaffold/commands/lint.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

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
    expect(findings.map((f) => [f.file, f.line, f.column, f.message, f.hint])).toEqual([
      [expect.stringMatching(/(^|\/)manifest\.jsonl$/), 2, 1, 'could not get the task input of this line, so its task.input paths were not checked: the PRE failed: no ticket for Where', expect.stringMatching(/^fix .*pre\.ts or this manifest line \(gtkit preview shows what the PRE returns for each line\)$/)],
      [expect.stringMatching(/(^|\/)manifest\.jsonl$/), 3, 1, 'could not get the task input of this line, so its task.input paths were not checked: the PRE failed: no ticket for Can I', expect.any(String)],
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

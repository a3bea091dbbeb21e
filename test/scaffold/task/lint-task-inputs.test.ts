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

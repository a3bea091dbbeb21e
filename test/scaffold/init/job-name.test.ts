import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { registerInitCommand } from '../../../scaffold/commands/init.ts';
import { derivedJobName, jobNameFrom } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-job-name-');

/** `gtkit init <args>` through its registered command: what it printed on each stream, and the error it ended with. */
async function init(args: string[]): Promise<{ out: string[]; err: string[]; error: unknown }> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command().exitOverride();
  registerInitCommand(program, { out: (l) => out.push(l), err: (l) => err.push(l) });
  const error = await program.parseAsync(['init', ...args], { from: 'user' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { out, err, error };
}

describe('the job name gtkit init makes from the folder name', () => {
  it('folds accents and the Latin letters NFKD keeps whole', () => {
    expect(jobNameFrom('Ünïcödé Tâsk')).toBe('Unicode-Task');
    expect(jobNameFrom('/tmp/x/Łódź straße')).toBe('Lodz-strasse');
    expect(jobNameFrom('Ｆｕｌｌｗｉｄｔｈ ﬁle №1')).toBe('Fullwidth-file-No1');
  });

  it('keeps every ASCII name as it was', () => {
    expect(['my-task', 'My Task #2', '--dash--', 'a_b.c', '50% off', 'x'.repeat(80)].map(jobNameFrom)).toEqual(['my-task', 'My-Task-2', 'dash', 'a-b-c', '50-off', 'x'.repeat(63)]);
    expect(derivedJobName('___')).toEqual({ name: 'gtkit-task', folder: '___', kept: 'none' });
  });

  it('a folder name with no letter or digit left gets a name of its own, the same every time', () => {
    const cat = derivedJobName('猫の分類');
    const dog = derivedJobName('犬の分類');
    expect(cat).toEqual({ name: expect.stringMatching(/^gtkit-task-[0-9a-f]{6}$/), folder: '猫の分類', kept: 'none' });
    expect(dog.name).toMatch(/^gtkit-task-[0-9a-f]{6}$/);
    expect(dog.name).not.toBe(cat.name);
    expect(derivedJobName('/elsewhere/猫の分類').name).toBe(cat.name);
    // Emoji only, and a name written in NFD (as some file systems return it) that is the same name.
    expect(jobNameFrom('🐱🐶')).toMatch(/^gtkit-task-[0-9a-f]{6}$/);
    expect(jobNameFrom('\u30cf\u3099')).toBe(jobNameFrom('\u30d0'));
    // Some letters dropped: what is left, and the hash of the whole name, so `犬 cats` is another job.
    expect(derivedJobName('猫 cats')).toEqual({ name: expect.stringMatching(/^cats-[0-9a-f]{6}$/), folder: '猫 cats', kept: 'some' });
    expect(jobNameFrom('犬 cats')).not.toBe(jobNameFrom('猫 cats'));
    expect(jobNameFrom(`猫 ${'a'.repeat(80)}`)).toMatch(/^a{56}-[0-9a-f]{6}$/);
  });
});

describe('gtkit init says which job name it used', () => {
  it('prints the job name, and one note with how to choose another when the folder name had nothing usable', async () => {
    const dir = join(temp.path, '猫の分類');
    const { out, error } = await init([dir, '--type', 'image-classification']);
    expect(error).toBeUndefined();
    const name = jobNameFrom(dir);
    expect(out[0]).toBe(`created the image-classification task in ${dir} (17 files), job name ${name}`);
    expect(out[1]).toBe(`note: the folder name "猫の分類" has no letter or digit a job name can use (A–Z, a–z, 0–9), so the job name is ${name}; to choose another, run gtkit init again with --job-name <name> --force before you edit the files`);
    expect(await readFile(join(dir, 'gtkit.config.ts'), 'utf8')).toContain(`jobName: "${name}"`);
    const again = await init([dir, '--type', 'image-classification', '--job-name', 'cats', '--force', '--json']);
    const summary = JSON.parse(again.out.join('\n'));
    expect([summary.jobName, summary.notes]).toEqual(['cats', []]);
  });

  it('an ASCII folder name gets no note', async () => {
    const { out } = await init([join(temp.path, 'plain'), '--type', 'text-classification']);
    expect(out[0]).toMatch(/, job name plain$/);
    expect(out.filter((l) => l.startsWith('note:'))).toEqual([]);
  });
});

describe('gtkit init --labels that look alike', () => {
  it('labels that look the same are refused, naming the flag', async () => {
    const { error } = await init([join(temp.path, 'nfd'), '--type', 'text-classification', '--labels', 'cafe\u0301,caf\u00e9']);
    expect(error).toEqual(
      new UsageError(
        'these choices make a task that gtkit job or gtkit lint would reject; nothing was written:\n  --labels (labels[1]): labels[0] "cafe\u0301" and labels[1] "caf\u00e9" look the same to a worker (they differ only in how an accented letter is encoded, composed or not (Unicode NFC or NFD)): workers cannot tell them apart, and their answers split between the two labels (keep one of them in --labels, or rename one so that they differ in letters)',
      ),
    );
  });

  it('labels that differ only in case are written, with the warning lint and job give', async () => {
    const { err, error, out } = await init([join(temp.path, 'case'), '--type', 'text-classification', '--labels', 'cat,Cat']);
    expect(error).toBeUndefined();
    expect(out[0]).toMatch(/^created the text-classification task/);
    expect(err).toEqual(['warning: labels[1]: labels[0] "cat" and labels[1] "Cat" differ only in case: workers easily take one for the other, and their answers split between the two labels (keep one of them in gtkit.config.ts, or rename one so that they differ in more than case)']);
  });
});

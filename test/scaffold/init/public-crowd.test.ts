import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerInitCommand } from '../../../scaffold/commands/init.ts';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

/** gtkit init --workforce public leaves the personal-information declaration to the user. */

const temp = useTempRoot('gtkit-init-public-');

/** Runs `gtkit init <args>` through its registered command; what it printed. */
async function init(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerInitCommand(program, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  await program.parseAsync(['init', ...args], { from: 'user' });
  return lines;
}

describe('gtkit init --workforce public', () => {
  it('does not declare the data free of personal information: the config says what to check, init notes it, and gtkit job asks for it', async () => {
    const dir = join(temp.path, 'public');
    const out = await init([dir, '--type', 'text-classification', '--workforce', 'public', '--price', '0.036', '-y']);
    const task = await loadTask(dir);
    expect(task.config.workforce).toEqual({ kind: 'public', priceUsd: 0.036, contentClassifiers: [] });
    const source = await readFile(join(dir, 'gtkit.config.ts'), 'utf8');
    expect(source).toMatch(/\/\/ The public crowd \(Mechanical Turk\) sees the data\. Check that it holds no personal information\n.*\n.*\n *contentClassifiers: \[\]/);
    expect(out).toContain(
      'note: the public crowd (Mechanical Turk) sees your data, and Ground Truth runs such a job only when you declare it free of personal information: after checking the data holds none (names, email addresses, phone numbers, faces, …), add "FreeOfPersonallyIdentifiableInformation" to workforce.contentClassifiers in gtkit.config.ts; until then gtkit lint and gtkit job stop there',
    );
    // Lint comes after the declaration in the next steps, as it fails before.
    expect(out.join('\n')).toContain('npx gtkit lint, once workforce.contentClassifiers holds the declaration (see the note)');
    expect(buildJob(task.config).problems).toContainEqual(expect.objectContaining({ severity: 'error', path: 'InputConfig.DataAttributes.ContentClassifiers' }));
  });

  it('a private workforce gets no such note, and its next steps start with lint', async () => {
    const out = await init([join(temp.path, 'private'), '--type', 'text-classification', '-y']);
    expect(out.some((l) => l.includes('FreeOfPersonallyIdentifiableInformation'))).toBe(false);
    expect(out.join('\n')).toContain('npx gtkit lint && npx gtkit run --simulate 5 && npx gtkit preview');
  });
});

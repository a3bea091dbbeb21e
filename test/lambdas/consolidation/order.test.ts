import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compareIds } from '../../../lambdas/consolidation/order.ts';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

describe('compareIds', () => {
  it('orders by UTF-16 code units, the same under every locale (localeCompare does not)', async () => {
    const ids = ['z', 'ä', 'a', 'Z', 'e\u0301', 'é', '10', '9'];
    expect([...ids].sort(compareIds)).toEqual([...ids].sort());
    const script = `console.log(JSON.stringify([${ids.map((s) => JSON.stringify(s)).join(',')}].sort((a, b) => a.localeCompare(b))))`;
    const under = async (locale: string) => (await exec(process.execPath, ['-e', script], { env: { ...process.env, LC_ALL: locale } })).stdout.trim();
    // The reason for compareIds: the process's locale changes localeCompare's order (on a Node with
    // the Swedish collation; a small-ICU build has none to show it with).
    if (Intl.Collator.supportedLocalesOf('sv').length > 0) expect(await under('sv_SE.UTF-8')).not.toBe(await under('en_US.UTF-8'));
  });

  it('is what gtkit orders names and ids with: no module sorts by the process locale', async () => {
    const files = (await Promise.all(['lambdas', 'scaffold', 'templates'].map(sourceFiles))).flat();
    const offenders: string[] = [];
    for (const file of files) {
      const code = (await readFile(join(root, file), 'utf8')).split('\n').filter((line) => !/^\s*(\*|\/\/)/.test(line));
      if (code.some((line) => line.includes('.localeCompare('))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});

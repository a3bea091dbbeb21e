import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importHandler } from '../../../scaffold/task/load-handlers.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-load-handlers-');

describe('importHandler', () => {
  it('loads the JavaScript file the config names, not a TypeScript file of the same name beside it', async () => {
    const dir = join(temp.path, 'own');
    await mkdir(dir);
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    await writeFile(join(dir, 'pre.js'), 'export const handler = async () => "pre.js";\n');
    await writeFile(join(dir, 'pre.ts'), 'export const handler = async () => "pre.ts";\n');
    await writeFile(join(dir, 'acs.cjs'), 'exports.handler = async () => "acs.cjs";\n');
    const call = async (file: string) => (await importHandler(join(dir, file)))({}, {} as never);
    expect(await call('pre.js')).toBe('pre.js');
    expect(await call('pre.ts')).toBe('pre.ts');
    // CommonJS, as Lambda runs it too.
    expect(await call('acs.cjs')).toBe('acs.cjs');
  });

  it('reads an edited JavaScript handler afresh on every call', async () => {
    const dir = join(temp.path, 'edited');
    await mkdir(dir);
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    const file = join(dir, 'pre.js');
    await writeFile(file, 'export const handler = async () => 1;\n');
    expect(await (await importHandler(file))({}, {} as never)).toBe(1);
    await writeFile(file, 'export const handler = async () => 2;\n');
    expect(await (await importHandler(file))({}, {} as never)).toBe(2);
  });
});

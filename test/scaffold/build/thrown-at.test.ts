import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { taskFileOfSource } from '../../../scaffold/build/source-map.ts';
import { bundleLocator, inTaskFolder, loadedSourceLocator } from '../../../scaffold/build/thrown-at.ts';

/** An error whose stack is these frames, as V8 writes them. */
function thrown(...frames: string[]): Error {
  const error = new Error('boom');
  error.stack = ['Error: boom', ...frames.map((f) => `    at ${f}`)].join('\n');
  return error;
}

const taskDir = '/home/dev/tasks/intent';
const buildDir = join(taskDir, '.gtkit', 'build');

describe('bundleLocator: a throw in a minified bundle, at its place in the task file', () => {
  it('maps the bundle\'s frame through its map, skipping the other bundle and gtkit\'s code', async () => {
    const source = ['export function check(x: string) {', '  if (!x) {', "    throw new Error('empty');", '  }', '  return x;', '}', ''].join('\n');
    const out = await build({ stdin: { contents: source, loader: 'ts', sourcefile: 'check.ts' }, write: false, minify: true, sourcemap: 'external', outfile: join(buildDir, 'pre', 'index.mjs'), format: 'esm' });
    const code = out.outputFiles.find((f) => f.path.endsWith('.mjs'))?.text ?? '';
    // The map names the task file as the build's stable names do.
    const map = JSON.stringify({ ...JSON.parse(out.outputFiles.find((f) => f.path.endsWith('.map'))?.text ?? '{}'), sources: ['task/lib/check.ts'] });
    const column = code.indexOf('new Error') + 1;
    expect(column).toBeGreaterThan(0);
    const locate = bundleLocator(join(buildDir, 'pre', 'index.mjs'), map, (s) => taskFileOfSource(s, taskDir));
    const acsBundle = join(buildDir, 'acs', 'index.mjs');
    // The ACS bundle has the same file name: its frames are not this bundle's.
    const error = thrown(`x (${acsBundle}:1:${column})`, `check (file://${buildDir}/pre/index.mjs?gtkit-load=3:1:${column})`, `${buildDir}/pre/index.mjs:1:1`);
    expect(locate(error)).toEqual({ file: join(taskDir, 'lib', 'check.ts'), line: 3, column: 11 });
    expect(locate(thrown(`x (${acsBundle}:1:${column})`))).toBeUndefined();
  });

  it('takes a frame the loader already mapped (beside the map, named in its sources); gtkit\'s are passed over', () => {
    const map = JSON.stringify({ version: 3, sources: ['gtkit/lambdas/handlers/pre.ts', 'task/pre.ts'], names: [], mappings: '' });
    const locate = bundleLocator(join(buildDir, 'pre', 'index.mjs'), map, (s) => taskFileOfSource(s, taskDir));
    expect(locate(thrown(`w (${buildDir}/pre/gtkit/lambdas/handlers/pre.ts:103:22)`, `fn (${buildDir}/pre/task/pre.ts:16:26)`))).toEqual({ file: join(taskDir, 'pre.ts'), line: 16, column: 26 });
    // Not a source of this map: not taken.
    expect(locate(thrown(`fn (${buildDir}/pre/task/other.ts:16:26)`))).toBeUndefined();
  });
});

describe('loadedSourceLocator: a throw in source loaded by Node (tsx)', () => {
  it('takes the first frame Node mapped into the task\'s own files, not gtkit\'s, a package\'s or .gtkit\'s', () => {
    const locate = loadedSourceLocator(inTaskFolder(taskDir));
    const error = thrown(
      `parse (${taskDir}/node_modules/some-lib/index.js:3:9)`,
      `x (${taskDir}/.gtkit/build/pre/index.mjs:1:200)`,
      `helper (${taskDir}/lib/tickets.ts:4:11)`,
      `${taskDir}/pre.ts:16:26`,
      '/opt/gtkit/lambdas/handlers/pre.ts:103:22',
    );
    expect(locate(error)).toEqual(process.sourceMapsEnabled ? { file: join(taskDir, 'lib', 'tickets.ts'), line: 4, column: 11 } : undefined);
    expect(locate(thrown('/opt/gtkit/lambdas/handlers/pre.ts:103:22', 'async Promise.all (index 0)'))).toBeUndefined();
    expect(locate('a string')).toBeUndefined();
  });

  it('names nothing for a compiled module\'s frame it has no map for (its position is not the source\'s)', () => {
    const locate = loadedSourceLocator(inTaskFolder(taskDir));
    expect(locate(thrown(`fn (file://${taskDir}/pre.ts?tsx-namespace=1:1:245)`))).toBeUndefined();
  });
});

describe('taskFileOfSource', () => {
  it('turns a task/ source back into the task file; gtkit\'s, packages\' and others\' are none', () => {
    expect(taskFileOfSource('task/lib/vote.ts', taskDir)).toBe(join(taskDir, 'lib', 'vote.ts'));
    expect(taskFileOfSource('gtkit/lambdas/handlers/pre.ts', taskDir)).toBeUndefined();
    expect(taskFileOfSource('node_modules/task/x.js', taskDir)).toBeUndefined();
    expect(taskFileOfSource('external/util/strings.ts', taskDir)).toBeUndefined();
  });
});

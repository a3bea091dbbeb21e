import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempRoot } from '../helpers/temp-root.ts';
import { buildDist, checkout, copyOfPackage, libraryEntries, plainNodeEnv } from './package-copy.ts';

/**
 * gtkit as another project gets it: the package's files with the compiled dist/ (built by
 * build-lib.ts), imported by a project that has no tsx, no gtkit loader and its own strict
 * compiler options. Nothing here may reach gtkit's TypeScript sources.
 */
const temp = useTempRoot('gtkit-library-package-');

let app: string;
let gtkit: string;
let entries: string[];

beforeAll(async () => {
  app = join(temp.path, 'app');
  gtkit = await copyOfPackage(join(temp.path, 'gtkit'));
  buildDist(gtkit);
  entries = (await libraryEntries()).map((e) => e.specifier);
  await mkdir(join(app, 'node_modules'), { recursive: true });
  await symlink(gtkit, join(app, 'node_modules', 'gtkit'));
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }));
  // The app's own type packages (@types/node; @types/aws-lambda arrives with gtkit's dependencies).
  await symlink(join(checkout, 'node_modules', '@types'), join(app, 'node_modules', '@types'));
}, 120_000);

describe('gtkit as a library package', () => {
  it('loads every library entry point in plain Node, without tsx, and its parts work', async () => {
    await writeFile(
      join(app, 'use.mjs'),
      `
import { preHandler } from 'gtkit';
import { buildPreEvent, invokePre } from 'gtkit/testing';
import { majorityVote } from 'gtkit/consolidation';
import { compileTemplate, taskTemplates } from 'gtkit/templates';
import { textClassification } from 'gtkit/task-types';
import { defineTask } from 'gtkit/config';
import { S3ObjectStore } from 'gtkit/s3';
import * as lambdas from 'gtkit/lambdas';
const pre = preHandler((line) => ({ taskInput: { text: line.source } }));
const response = await invokePre(pre, buildPreEvent({ source: 'hello' }));
const votes = majorityVote.consolidate([{ item: 'a', worker: 'w1', answer: 'cat' }, { item: 'a', worker: 'w2', answer: 'cat' }, { item: 'a', worker: 'w3', answer: 'dog' }]);
const html = await compileTemplate('<p>{{ task.input.text }}</p>').render({ text: '<b>' });
const resolved = ${JSON.stringify(entries)}.map((entry) => import.meta.resolve(entry));
console.log(JSON.stringify({ resolved, response, label: votes.items[0].label, html, catalog: taskTemplates['text-classification'].source.includes('crowd-classifier'), type: textClassification.name, defineTask: typeof defineTask, store: typeof S3ObjectStore, same: lambdas.preHandler === preHandler }));
`,
    );
    const run = spawnSync(process.execPath, ['use.mjs'], { cwd: app, encoding: 'utf8', env: plainNodeEnv() });
    expect(run.stderr).toBe('');
    const { resolved, ...used } = JSON.parse(run.stdout) as { resolved: string[] };
    // Everything came from dist/, none of it from the package's TypeScript sources.
    expect(resolved.filter((url) => !url.startsWith(`file://${gtkit}/dist/`) || !url.endsWith('.js'))).toEqual([]);
    expect(used).toEqual({
      response: { taskInput: { text: 'hello' }, isHumanAnnotationRequired: true },
      label: 'cat',
      html: '<p>&lt;b&gt;</p>',
      catalog: true,
      type: 'text-classification',
      defineTask: 'function',
      store: 'function',
      same: true,
    });
  });

  it("type-checks under a strict project's own options, which gtkit's sources would fail (no allowImportingTsExtensions, an older lib)", async () => {
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, exactOptionalPropertyTypes: true, noPropertyAccessFromIndexSignature: true, noUncheckedIndexedAccess: true, types: ['node'] }, include: ['*.ts'] }),
    );
    await writeFile(
      join(app, 'handlers.ts'),
      `
import { acsHandler, preHandler } from 'gtkit';
import { buildPreEvent, invokePre } from 'gtkit/testing';
import { dawidSkene, type ConsolidationResult } from 'gtkit/consolidation';
import { compileTemplate } from 'gtkit/templates';
import type { Context } from 'aws-lambda';

export const pre = preHandler<{ text: string }>((line) => ({ taskInput: { text: String(line['source'] ?? '') } }));
export const acs = acsHandler<{ category: { label: string } }, string>({ consolidateObject: (object) => ({ label: object.annotations[0]?.answer.category.label ?? '' }) });
export async function check(context: Context): Promise<string> {
  const response = await invokePre(pre, buildPreEvent({ source: 'x' }), context);
  const result: ConsolidationResult<string | number> = dawidSkene.consolidate([{ item: 'a', worker: 'w', answer: 'cat' }]);
  return (await compileTemplate('{{ task.input.text }}').render(response.taskInput)) + String(result.items.length);
}
// @ts-expect-error a PRE's task input must be an object
preHandler(() => ({ taskInput: 42 }));
`,
    );
    const tsc = createRequire(join(checkout, 'package.json')).resolve('typescript/bin/tsc');
    const checked = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8', env: plainNodeEnv() });
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  }, 60_000);

  it('builds a dist/ file and declarations for every library export, and the package ships them with its sources, not the tests, benches or CI script', async () => {
    for (const { specifier, source, types, built } of await libraryEntries()) {
      // An export that tsconfig.lib.json does not compile would have no file here.
      expect(existsSync(join(gtkit, built)), `${specifier}: ${built}`).toBe(true);
      expect(existsSync(join(gtkit, types)), `${specifier}: ${types}`).toBe(true);
      expect(types, specifier).toBe(source.replace(/^\.\//, './dist/').replace(/\.ts$/, '.d.ts'));
      expect(built, specifier).toBe(source.replace(/^\.\//, './dist/').replace(/\.ts$/, '.js'));
    }
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: gtkit, encoding: 'utf8', env: plainNodeEnv() });
    expect(packed.status).toBe(0);
    const files = (JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/gtkit.js', 'register.js', 'lambdas/index.ts', 'templates/catalog/text-classification.liquid.html', 'scaffold/cli.ts', 'dist/lambdas/index.js', 'dist/lambdas/index.d.ts', 'dist/templates/catalog/text-classification.liquid.html', 'docs/commands.md', 'docs/images/preview.png']));
    // The guide ships too: the README links into it.
    expect(files.filter((f) => /^(test|bench|\.ci)\//.test(f) || f.endsWith('.test.ts'))).toEqual([]);
  });
});

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const lambdasIndex = fileURLToPath(new URL('../../../lambdas/index.ts', import.meta.url));
const taskTypesIndex = fileURLToPath(new URL('../../../lambdas/task-types/index.ts', import.meta.url));
const userPre = `import { preHandler } from ${JSON.stringify(lambdasIndex)};\nexport const handler = preHandler(() => ({ taskInput: {} }));`;

/** A PRE as a user writes it, bundled as `gtkit build` bundles one (minified ESM, the AWS SDK left out). */
async function bundledPre(contents = userPre): Promise<{ code: string; modules: string[] }> {
  const result = await build({
    stdin: { contents, loader: 'ts', resolveDir: process.cwd() },
    bundle: true,
    write: false,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const modules = Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file);
  return { code: result.outputFiles[0]?.text ?? '', modules };
}

// The local store is used by gtkit's local runs only, yet readText once bundled all of it (write,
// list, remove) into every PRE: 47.4 KB of the 50 KB budget in docs/benchmarks.md for a scaffolded task.
describe('the PRE bundle', () => {
  it('reads local copies through the small reader and carries none of the local store\'s write, list or remove code', async () => {
    const { code, modules } = await bundledPre();
    expect(modules.filter((file) => file.endsWith('io/local-store.ts'))).toEqual([]);
    expect(modules.some((file) => file.endsWith('io/local-reader.ts'))).toBe(true);
    for (const marker of ['LocalObjectStore.putText', 'only an s3:// prefix can be listed', '.gtkit-']) expect(code, marker).not.toContain(marker);
    // The local branch is still there: readText reads GTKIT_LOCAL_S3_ROOT's folder.
    expect(code).toContain('GTKIT_LOCAL_S3_ROOT');
  });

  it('of a task type carries that type alone: no other type and no consolidation algorithm (a scaffolded named-entity PRE was 56.9 KB with them, over the 50 KB target; 46.5 KB without)', async () => {
    const contents = `import { preHandler } from ${JSON.stringify(lambdasIndex)};\nimport { namedEntity, withSourceText } from ${JSON.stringify(taskTypesIndex)};\nexport const handler = preHandler(async (line, { readText }) => ({ taskInput: namedEntity.buildTaskInput(await withSourceText(line, readText), [{ label: 'person' }]) }), { onInvalidDataObject: 'skip' });`;
    const { code, modules } = await bundledPre(contents);
    // Small helpers it shares with the library (id order, text distance) may come; no algorithm does.
    expect(modules.filter((file) => /lambdas\/consolidation\/(?:classification|geometry)\/|lambdas\/consolidation\/(?:registry|spans|multi-label|numbers)\.ts$/.test(file))).toEqual([]);
    // Free text's algorithm came with its type's definition; the type names themselves stay (messages list them).
    for (const algorithm of ['text-medoid', 'dawid-skene', 'box-merge']) expect(code, algorithm).not.toContain(`"${algorithm}"`);
    expect(code).toContain('"named-entity"');
  });
});

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundledSdkNote, bundledSdkPackages, type BundledSdkPackage } from '../../../scaffold/build/bundled-sdk.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-bundled-sdk-');

type Import = Metafile['inputs'][string]['imports'][number];
const metafileOf = (inputs: Record<string, Import[]>): Metafile => ({
  inputs: Object.fromEntries(Object.entries(inputs).map(([file, imports]) => [file, { bytes: 1, imports }])),
  outputs: {},
});
const imp = (original: string, path: string, external = false): Import => ({ path, kind: 'import-statement', original, external });

describe('bundledSdkPackages', () => {
  it('lists the SDK packages task and gtkit code import by name, whose copy each is, and skips the rest', async () => {
    const task = join(temp.path, 'task');
    const gtkit = join(temp.path, 'gtkit');
    for (const [dir, version] of [[join(gtkit, 'node_modules', '@aws-sdk', 'client-s3'), '3.1169.0'], [join(task, 'node_modules', '@smithy', 'core'), '9.9.9']] as const) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'package.json'), JSON.stringify({ version }));
    }
    // Broken package.json: the version is unknown, never a crash.
    await mkdir(join(gtkit, 'node_modules', '@aws-crypto', 'hash'), { recursive: true });
    await writeFile(join(gtkit, 'node_modules', '@aws-crypto', 'hash', 'package.json'), '{ "version": ');
    const metafile = metafileOf({
      'acs.ts': [imp('@aws-sdk/client-s3', '../gtkit/node_modules/@aws-sdk/client-s3/dist-es/index.js'), imp('@smithy/core', 'node_modules/@smithy/core/index.js'), imp('./local.ts', 'local.ts'), imp('@aws-sdk/client-lambda', '@aws-sdk/client-lambda', true)],
      '../gtkit/lambdas/io/s3-store.ts': [imp('@aws-sdk/client-s3', '../gtkit/node_modules/@aws-sdk/client-s3/dist-es/index.js'), imp('@aws-crypto/hash', '../gtkit/node_modules/@aws-crypto/hash/index.js')],
      // The SDK's own imports of the SDK are not what the task chose.
      '../gtkit/node_modules/@aws-sdk/client-s3/dist-es/index.js': [imp('@smithy/smithy-client', '../gtkit/node_modules/@smithy/smithy-client/index.js')],
    });
    expect(bundledSdkPackages(metafile, { workingDir: task, taskDir: task })).toEqual([
      { name: '@aws-crypto/hash', version: 'unknown', dir: join(gtkit, 'node_modules', '@aws-crypto', 'hash'), from: 'gtkit', importedByTask: false },
      { name: '@aws-sdk/client-s3', version: '3.1169.0', dir: join(gtkit, 'node_modules', '@aws-sdk', 'client-s3'), from: 'gtkit', importedByTask: true },
      { name: '@smithy/core', version: '9.9.9', dir: join(task, 'node_modules', '@smithy', 'core'), from: 'task', importedByTask: true },
    ]);
    expect(bundledSdkPackages(metafileOf({}), { workingDir: task, taskDir: task })).toEqual([]);
  });

  it("counts an installed gtkit's own SDK imports though it sits in node_modules, and still skips other packages' and the SDK's", async () => {
    const task = join(temp.path, 'installed-task');
    const gtkit = join(task, 'node_modules', 'gtkit');
    const s3 = join(task, 'node_modules', '@aws-sdk', 'client-s3');
    await mkdir(s3, { recursive: true });
    await writeFile(join(s3, 'package.json'), JSON.stringify({ version: '3.1.0' }));
    const metafile = metafileOf({
      'node_modules/gtkit/lambdas/io/s3-store.ts': [imp('@aws-sdk/client-s3', 'node_modules/@aws-sdk/client-s3/index.js')],
      'node_modules/other/index.js': [imp('@smithy/core', 'node_modules/@smithy/core/index.js')],
      'node_modules/gtkit/node_modules/dep/index.js': [imp('@smithy/core', 'node_modules/@smithy/core/index.js')],
    });
    expect(bundledSdkPackages(metafile, { workingDir: task, taskDir: task, gtkitRoot: gtkit })).toEqual([{ name: '@aws-sdk/client-s3', version: '3.1.0', dir: s3, from: 'task', importedByTask: false }]);
    // Without knowing gtkit's root every file in node_modules is skipped, as before.
    expect(bundledSdkPackages(metafile, { workingDir: task, taskDir: task })).toEqual([]);
  });
});

describe('bundledSdkNote', () => {
  const pkg = (over: Partial<BundledSdkPackage>): BundledSdkPackage => ({ name: '@aws-sdk/client-s3', version: '3.1169.0', dir: '/opt/gtkit/node_modules/@aws-sdk/client-s3', from: 'gtkit', importedByTask: true, ...over });

  it('says nothing for a bundle without the SDK', () => {
    expect(bundledSdkNote([], '/t')).toBeUndefined();
  });

  it('names copies and versions, and the pin command only for lent packages the task imports, quoted for the shell', () => {
    const hostile = "/tmp/my task's -folder";
    expect(bundledSdkNote([pkg({}), pkg({ name: '@aws-sdk/client-sts', dir: '/opt/gtkit/node_modules/@aws-sdk/client-sts', importedByTask: false }), pkg({ name: '@smithy/core', version: '9.9.9', dir: `${hostile}/node_modules/@smithy/core`, from: 'task' })], hostile)).toBe(
      `AWS SDK: bundled @smithy/core 9.9.9 from ${hostile}/node_modules; @aws-sdk/client-s3 3.1169.0 from gtkit's install (/opt/gtkit/node_modules), as the task folder has none; @aws-sdk/client-sts 3.1169.0 for gtkit's own code (/opt/gtkit/node_modules); to pin your own: cd '/tmp/my task'\\''s -folder' && npm install @aws-sdk/client-s3@3.1169.0`,
    );
    // Imported by gtkit's code only: installing in the task folder would not change it, so no command.
    expect(bundledSdkNote([pkg({ importedByTask: false })], '/t')).toBe("AWS SDK: bundled @aws-sdk/client-s3 3.1169.0 for gtkit's own code (/opt/gtkit/node_modules)");
  });
});

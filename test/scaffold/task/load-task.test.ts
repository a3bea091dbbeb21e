import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { loadTask, taskFilesOf } from '../../../scaffold/task/load-task.ts';
import { acsFieldsOf, answerFieldsOf } from '../../../scaffold/task/task-cross-checks.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { validConfig } from '../job/fixtures.ts';

describe('loadTask: where the task files are', () => {
  it('an absolute path in files stays as written; a relative one is under the folder', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'gtkit-elsewhere-'));
    const manifest = join(elsewhere, 'manifest.jsonl');
    const task = await makeTaskDir({ ...validConfig(), files: { manifest, template: 'ui/t.html' } });
    try {
      const loaded = await loadTask(task.dir);
      expect(loaded.paths.manifest).toBe(manifest);
      expect(loaded.paths.template).toBe(join(task.dir, 'ui', 't.html'));
      expect(loaded.paths.pre).toBe(join(task.dir, 'pre.ts'));
    } finally {
      await task.cleanup();
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('a folder with a JavaScript config is told the name gtkit reads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-js-config-'));
    try {
      await writeFile(join(dir, 'gtkit.config.js'), 'export default {};\n');
      await expect(loadTask(dir)).rejects.toThrow(new UsageError(`${dir}: not a gtkit task folder (no gtkit.config.ts); found gtkit.config.js: rename it to gtkit.config.ts, which is the name gtkit reads`));
      await rm(join(dir, 'gtkit.config.js'));
      await expect(loadTask(dir)).rejects.toThrow(new UsageError(`${dir}: not a gtkit task folder (no gtkit.config.ts); create one with gtkit init <dir> --type <type>`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("taskFilesOf: the config's files, as loadTask resolves them and lint's hints name them", () => {
  it('each file the config names, else its default; lint is given the same PRE and ACS names', () => {
    const config = validConfig({ files: { acs: 'handlers/acs.ts' } });
    expect(taskFilesOf(config)).toEqual({ config: 'gtkit.config.ts', template: 'template.liquid.html', manifest: 'manifest.jsonl', answers: 'answers.jsonl', pre: 'pre.ts', acs: 'handlers/acs.ts' });
    expect(acsFieldsOf(config).taskFiles).toEqual({ pre: 'pre.ts', acs: 'handlers/acs.ts' });
    const declared = validConfig({ files: { acs: 'handlers/acs.ts' }, consolidation: { algorithm: 'majority-vote', answerFields: ['intent'] } });
    expect(answerFieldsOf(declared)[0]?.reader).toBe('handlers/acs.ts (consolidation.answerFields in the config)');
  });
});

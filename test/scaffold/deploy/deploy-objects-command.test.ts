import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDeployCommand } from '../../../scaffold/commands/deploy.ts';
import { deployTask } from '../../../scaffold/deploy/deploy.ts';
import { copyFixture } from '../build/fixture.ts';
import { deployHarness } from './harness.ts';

const harness = deployHarness(['acme-sagemaker-gt'], 'gtkit-deploy-objects-');
describe('gtkit deploy --overwrite-objects and --json', () => {
  it('prints the refusal as JSON, and --overwrite-objects goes on', async () => {
    const first = await copyFixture(join(harness.root, 'a'), { linkGtkit: true });
    await deployTask(first, {}, harness.clients(), () => {});
    const second = await copyFixture(join(harness.root, 'b'), { linkGtkit: true });
    const text = await readFile(second.configFile, 'utf8');
    await writeFile(second.configFile, text.replace("jobName: 'ticket-intent'", "jobName: 'returns-triage'").replace(/SageMaker-ticket-intent-(pre|acs)/g, 'SageMaker-returns-triage-$1'));
    await writeFile(second.paths.manifest, '{"source":"other"}\n');
    const out: string[] = [];
    const error = await runDeployCommand(second.dir, { json: true }, { out: (l) => out.push(l), err: () => {} }, () => harness.clients()).catch((e: unknown) => e);
    expect((error as Error).message).toContain('--overwrite-objects');
    const json = JSON.parse(out.join('\n'));
    expect(json.ok).toBe(false);
    expect(json.objectsOfOtherJobs.map((o: { what: string; action: string }) => [o.what, o.action])).toEqual([['the input manifest', 'refuse']]);
    const ok: string[] = [];
    await runDeployCommand(second.dir, { json: true, overwriteObjects: true }, { out: (l) => ok.push(l), err: () => {} }, () => harness.clients());
    expect(JSON.parse(ok.join('\n')).objectsOfOtherJobs.map((o: { action: string }) => o.action)).toEqual(['replace', 'replace', 'replace']);
  });
});

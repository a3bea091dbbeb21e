import { describe, expect, it } from 'vitest';
import { jobUploads } from '../../../scaffold/deploy/uploads.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { validConfig } from '../job/fixtures.ts';

const taskWith = (config: LoadedTask['config']) => ({ dir: '/t', config, paths: { template: '/t/template.liquid.html', manifest: '/t/manifest.jsonl' } }) as unknown as LoadedTask;

describe('the job files gtkit deploy (and the CloudFormation steps) put on S3', () => {
  it('are the template, the label categories and the manifest', () => {
    expect(jobUploads(taskWith(validConfig())).map((u) => u.what)).toEqual(['template', 'labelCategories', 'manifest']);
  });

  it('leave out the label-category file for a task without labels (free text), as its request names none', () => {
    expect(jobUploads(taskWith(validConfig({ type: 'free-text', labels: [] }))).map((u) => u.what)).toEqual(['template', 'manifest']);
  });
});

import { describe, expect, it } from 'vitest';
import { validateTaskConfig } from '../../scaffold/config/validate-config.ts';
import { validConfig } from './job/fixtures.ts';

const problemsOf = (config: unknown) => {
  try {
    validateTaskConfig(config, 'gtkit.config.ts');
    return [];
  } catch (error) {
    return (error as { issues: Array<{ path: string; problem: string }> }).issues.map((i) => `${i.path}: ${i.problem}`);
  }
};

describe('task config shape: tags and s3 locations', () => {
  it('tags must be an object of strings: a list would become tags named "0", "1", …', () => {
    expect(problemsOf({ ...validConfig(), tags: ['team'] })).toEqual(['tags: expected an object of tag keys to string values, e.g. { team: "vision" }, got array']);
    expect(problemsOf({ ...validConfig(), tags: { team: 7, 'cost center': null } })).toEqual([
      'tags.team: expected a string (may be empty), got number',
      'tags["cost center"]: expected a string (may be empty), got null',
    ]);
    expect(problemsOf({ ...validConfig(), tags: { team: '' } })).toEqual([]);
  });

  it('s3.outputPath and s3.kmsKeyId, when given, are strings', () => {
    expect(problemsOf({ ...validConfig(), s3: { bucket: 'acme-sagemaker-gt', prefix: '', outputPath: 42, kmsKeyId: {} } })).toEqual([
      's3.outputPath: expected an s3:// URI such as "s3://my-bucket/output/" (or leave it out), got number',
      's3.kmsKeyId: expected a KMS key id, key ARN or alias (or leave it out), got object',
    ]);
  });
});

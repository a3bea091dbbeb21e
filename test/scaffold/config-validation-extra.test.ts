import { describe, expect, it } from 'vitest';
import { validConfig } from './job/fixtures.ts';
import { problemsOf } from './config-problems.ts';
import { buildJob } from '../../scaffold/job/build-request.ts';


describe('task config shape: tags and s3 locations', () => {
  it('tags must be an object of strings: a list would become tags named "0", "1", …', () => {
    expect(problemsOf({ ...validConfig(), tags: ['team'] })).toEqual(['tags: expected an object of tag keys to string values, e.g. { team: "vision" }, got array']);
    expect(problemsOf({ ...validConfig(), tags: { team: 7, 'cost center': null } })).toEqual([
      'tags.team: expected a string (may be empty), got number',
      'tags["cost center"]: expected a string (may be empty), got null',
    ]);
    expect(problemsOf({ ...validConfig(), tags: { team: '' } })).toEqual([]);
  });

  it('task.keywords may be left out, as TaskKeywords may (the request then has none); given, it is a list of strings', () => {
    const { keywords: _left, ...task } = validConfig().task;
    expect(problemsOf({ ...validConfig(), task })).toEqual([]);
    expect(buildJob({ ...validConfig(), task }).request.HumanTaskConfig).not.toHaveProperty('TaskKeywords');
    expect(problemsOf({ ...validConfig(), task: { ...task, keywords: 'image' } })).toEqual(['task.keywords: expected an array of strings (or leave it out)']);
    expect(problemsOf({ ...validConfig(), task: { ...task, keywords: ['image', 3] } })).toEqual(['task.keywords[1]: expected a string, got number']);
  });

  it('s3.outputPath and s3.kmsKeyId, when given, are strings', () => {
    expect(problemsOf({ ...validConfig(), s3: { bucket: 'acme-sagemaker-gt', prefix: '', outputPath: 42, kmsKeyId: {} } })).toEqual([
      's3.outputPath: expected an s3:// URI such as "s3://my-bucket/output/" (or leave it out), got number',
      's3.kmsKeyId: expected a KMS key id, key ARN or alias (or leave it out), got object',
    ]);
  });
});

describe('task config shape: what the tools join into paths and pass to Lambda', () => {
  const withS3Prefix = (prefix: unknown) => ({ ...validConfig(), s3: { bucket: 'acme-sagemaker-gt', prefix } });

  it('s3.prefix: no "." or ".." or empty segments, no leading or trailing "/" (it becomes keys and local folders)', () => {
    for (const prefix of ['', 'ticket-intent', 'jobs/ticket-intent', 'a.b/c..d']) expect(problemsOf(withS3Prefix(prefix)), prefix).toEqual([]);
    expect(problemsOf(withS3Prefix('../../..'))).toEqual(['s3.prefix: expected key segments separated by single "/", without "." or ".." (e.g. "ticket-intent" or "jobs/ticket-intent"), got "../../.."']);
    expect(problemsOf(withS3Prefix('jobs//intent'))).toEqual(['s3.prefix: expected key segments separated by single "/", without "." or ".." (e.g. "ticket-intent" or "jobs/ticket-intent"), got "jobs//intent"']);
    expect(problemsOf(withS3Prefix('/lead/'))).toEqual(['s3.prefix: write it without a leading or trailing "/" (e.g. "ticket-intent" or "jobs/ticket-intent"), got "/lead/"']);
  });

  it('files: each entry a non-empty path', () => {
    expect(problemsOf({ ...validConfig(), files: { manifest: 42, template: '' } })).toEqual([
      'files.manifest: expected a path relative to the config (or leave it out), got number',
      'files.template: expected a path relative to the config (or leave it out), got string',
    ]);
    expect(problemsOf({ ...validConfig(), files: 'data' })).toEqual(['files: expected an object of paths relative to the config, e.g. { manifest: "data/manifest.jsonl" }, got string']);
    expect(problemsOf({ ...validConfig(), files: { manifest: 'data/m.jsonl' } })).toEqual([]);
  });

  it("lambdas: runtime, memory and timeout within Lambda's limits (deploy and CloudFormation pass them as written)", () => {
    const config = validConfig();
    const lambdas = (extra: Record<string, unknown>, pre: Record<string, unknown> = {}) => ({ ...config, lambdas: { ...config.lambdas, ...extra, pre: { ...config.lambdas.pre, ...pre } } });
    expect(problemsOf(lambdas({ runtime: 'python3.12' }))).toEqual(['lambdas.runtime: expected "nodejs24.x" or "nodejs22.x" (or leave it out), got "python3.12"']);
    expect(problemsOf(lambdas({}, { memoryMb: 'big', timeoutSeconds: 99_999 }))).toEqual([
      'lambdas.pre.memoryMb: expected a whole number of MB of memory from 128 to 10,240 (or leave it out), got string',
      'lambdas.pre.timeoutSeconds: expected a whole number of seconds from 1 to 900 (or leave it out), got 99999',
    ]);
    expect(problemsOf(lambdas({ runtime: 'nodejs22.x', executionRoleArn: 5 }, { memoryMb: 512, timeoutSeconds: 900, arn: '' }))).toEqual([
      'lambdas.pre.arn: expected a non-empty string, got string',
      'lambdas.executionRoleArn: expected a non-empty string, got number',
    ]);
    expect(problemsOf(lambdas({ runtime: 'nodejs24.x' }, { memoryMb: 128, timeoutSeconds: 1 }))).toEqual([]);
  });

  it('lambdas.logRetentionDays is one of the periods CloudWatch Logs takes, with the nearest named', () => {
    const config = validConfig();
    const retention = (logRetentionDays: unknown) => problemsOf({ ...config, lambdas: { ...config.lambdas, logRetentionDays } });
    const choices = '1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days (or leave it out for 30)';
    expect(retention(45)).toEqual([`lambdas.logRetentionDays: expected one of CloudWatch Logs' retention periods, ${choices}, got 45: the nearest are 30 and 60`]);
    expect(retention(5000)).toEqual([`lambdas.logRetentionDays: expected one of CloudWatch Logs' retention periods, ${choices}, got 5000: the nearest is 3653`]);
    expect(retention(0)).toEqual([`lambdas.logRetentionDays: expected one of CloudWatch Logs' retention periods, ${choices}, got 0: the nearest is 1`]);
    expect(retention('30')).toEqual([`lambdas.logRetentionDays: expected one of CloudWatch Logs' retention periods, ${choices}, got "30"`]);
    for (const days of [1, 30, 365, 3653]) expect(retention(days)).toEqual([]);
    expect(problemsOf(config)).toEqual([]);
  });

  it('the label attribute cannot be the data object\'s own field', () => {
    for (const name of ['source', 'source-ref']) {
      expect(problemsOf({ ...validConfig(), labelAttributeName: name })).toEqual([
        `labelAttributeName: "${name}" is the data object's own field in every manifest line, so the output would replace the object with its label; choose another name, e.g. "label"`,
      ]);
    }
  });

  it('a bad task label is named where it is written (labels[i]), not under consolidation', () => {
    const problems = problemsOf({ ...validConfig(), labels: ['refund', '', 'delivery'] });
    expect(problems).toEqual(['labels: item 1: expected a non-empty string, got an empty one (the classes in order; ties go to the first)']);
  });

  it('a label that is not a string is one problem at labels[i], not a second one about an "empty" label', () => {
    expect(problemsOf({ ...validConfig(), labels: [7, 'refund', 'delivery'] })).toEqual(['labels[0]: expected a string or { label }, got number']);
  });

  it('a misspelt type or workforce kind says what it got and suggests the near one', () => {
    expect(problemsOf({ ...validConfig(), type: 'text-clasification' })).toEqual([expect.stringMatching(/^type: expected one of .*, got "text-clasification"; did you mean "text-classification"\?$/)]);
    const config = validConfig();
    expect(problemsOf({ ...config, workforce: { ...config.workforce, kind: 'Private' } })).toEqual(['workforce.kind: expected "private", "vendor" or "public", got "Private"; did you mean "private"?']);
    expect(problemsOf({ ...config, workforce: { ...config.workforce, kind: 3 } })).toEqual(['workforce.kind: expected "private", "vendor" or "public", got 3']);
    expect(problemsOf({ ...config, workforce: 'private' })).toEqual(['workforce.kind: expected "private", "vendor" or "public", workforce is string']);
  });
});

describe('consolidation.seedState', () => {
  const seeded = (seedState: unknown) => problemsOf(validConfig({ consolidation: { algorithm: 'dawid-skene', seedState } as never }));
  const folder = "s3://<bucket>/<output path>/<job name>/annotations/gtkit-state/";

  it("takes an earlier job's annotations/gtkit-state/ folder, with or without its last /", () => {
    expect(seeded('s3://acme-sagemaker-gt/ticket-intent/output/ticket-intent-2025/annotations/gtkit-state/')).toEqual([]);
    expect(seeded('s3://archive/ticket-intent-2025/annotations/gtkit-state')).toEqual([]);
  });

  it("refuses a folder that is not under a job's annotations, as the message says it must be", () => {
    expect(seeded('s3://b/gtkit-state/')).toEqual([`consolidation.seedState: expected the s3:// URI of an earlier job's carried-state folder, ${folder}, got "s3://b/gtkit-state/"`]);
    expect(seeded('s3://b/job/gtkit-state/')).toHaveLength(1);
    expect(seeded('s3://b/annotations/gtkit-state/')).toHaveLength(1);
  });

  it('refuses a key with "..", "." or an empty segment: S3 keeps them as they are, so no ACS wrote there', () => {
    expect(seeded('s3://b/../gtkit-state/')).toHaveLength(1);
    expect(seeded('s3://b/out/x/../job/annotations/gtkit-state/')).toEqual([`consolidation.seedState: its key has a ".." segment, which S3 keeps as it is (it climbs no folder), so no ACS wrote there; give the earlier job's folder as its ACS wrote it, ${folder}`]);
    expect(seeded('s3://b/out/./job/annotations/gtkit-state/')).toEqual([expect.stringMatching(/^consolidation\.seedState: its key has a "\." segment/)]);
    expect(seeded('s3://b/out//job/annotations/gtkit-state/')).toEqual([expect.stringMatching(/^consolidation\.seedState: its key has an empty segment \(a doubled "\/"\)/)]);
  });

  it("refuses a key too long for S3 once the state's own keys are added under it", () => {
    const longest = `s3://b/${'a'.repeat(965 - '/job/annotations/gtkit-state/'.length)}/job/annotations/gtkit-state/`;
    expect(seeded(longest)).toEqual([]);
    expect(seeded(longest.replace('/job/', '/jobs/'))).toEqual([`consolidation.seedState: its key is 966 bytes long: S3 keys are at most 1,024 bytes and the state's keys add up to 59 more under it, so no ACS wrote there; give the earlier job's folder, ${folder}`]);
    expect(seeded(`s3://b/${'a/'.repeat(500_000)}job/annotations/gtkit-state/`)).toHaveLength(1);
  });

  it("refuses the job's own folder, found where the dry run and the ACS put it", () => {
    const own = 's3://acme-sagemaker-gt/ticket-intent/output/ticket-intent-2026/annotations/gtkit-state';
    for (const value of [own, `${own}/`]) expect(seeded(value)).toEqual([`consolidation.seedState: this is the job's own state folder (${own}/), which the ACS reads anyway; give the earlier job's, under its own job name`]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { regionProblem } from '../../../scaffold/job/region.ts';
import { validConfig } from './fixtures.ts';

const arns = { pre: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-pre', acs: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-acs' };
const errorsOf = (config: ReturnType<typeof validConfig>) => buildJob(config, { arns }).problems.filter((p) => p.severity === 'error');
const keyFix = 'rename it in tags in gtkit.config.ts: use 1–128 letters, digits, spaces and _ . : / = + - @';

describe('tags', () => {
  it('a key starting with aws: (any case) is reserved by AWS: an error naming it', () => {
    expect(errorsOf(validConfig({ tags: { project: 'gtkit', 'aws:team': 'vision', 'AWS:cost': 'x' } }))).toEqual([
      { severity: 'error', path: 'Tags[1].Key', message: '"aws:team" starts with "aws:", which AWS reserves for its own tags (CreateLabelingJob refuses it)', fix: 'rename it in tags in gtkit.config.ts, e.g. "team"' },
      { severity: 'error', path: 'Tags[2].Key', message: '"AWS:cost" starts with "aws:", which AWS reserves for its own tags (CreateLabelingJob refuses it)', fix: 'rename it in tags in gtkit.config.ts, e.g. "cost"' },
    ]);
  });

  it('a value may start with aws:, and keys and values may hold letters of any script', () => {
    expect(errorsOf(validConfig({ tags: { origin: 'aws:marketplace', équipe: 'données', チーム: 'ビジョン', 'cost center': 'a_b.c:d/e=f+g-h@1' } }))).toEqual([]);
  });

  it('characters tags do not allow are named, in keys and in values', () => {
    expect(errorsOf(validConfig({ tags: { 'team,name': 'a', owner: 'x;y<z>', 'new\nline': 'v' } }))).toEqual([
      { severity: 'error', path: 'Tags[0].Key', message: '"team,name" has characters tags do not allow: ","', fix: keyFix },
      { severity: 'error', path: 'Tags[1].Value', message: 'the value of "owner" has characters tags do not allow: ";", "<", ">"', fix: 'change it in tags in gtkit.config.ts: use up to 256 letters, digits, spaces and _ . : / = + - @' },
      { severity: 'error', path: 'Tags[2].Key', message: '"new\\nline" has characters tags do not allow: "\\n"', fix: keyFix },
    ]);
  });

  it('lengths: a key of 1–128 characters, a value of 0–256', () => {
    expect(errorsOf(validConfig({ tags: { ['k'.repeat(128)]: 'v'.repeat(256), empty: '' } }))).toEqual([]);
    expect(errorsOf(validConfig({ tags: { ['k'.repeat(129)]: 'v', '': 'x', long: 'v'.repeat(257) } })).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'Tags[0].Key: is too long (129 > 128 characters)',
      'Tags[1].Key: is too short (0 < 1 characters)',
      'Tags[2].Value: is too long (257 > 256 characters)',
    ]);
  });
});

describe('region', () => {
  it.each(['us-east-1', 'us-gov-west-1', 'cn-north-1', 'cn-northwest-1', 'ap-southeast-3', 'il-central-1', 'us-isob-east-1', 'eusc-de-east-1', 'us-east-9'])('%s has the form of a region', (region) => {
    expect(regionProblem(region)).toBeUndefined();
  });

  it('a region code that is not one is an error naming the field, with examples', () => {
    expect(errorsOf(validConfig({ region: 'useast1' }))).toEqual([
      { severity: 'error', path: 'region', message: '"useast1" is not an AWS Region code', fix: 'set region in gtkit.config.ts to a Region code such as us-east-1, eu-west-1, ap-southeast-3 or us-gov-west-1' },
    ]);
  });

  it('an Availability Zone, or capitals, get the region they mean', () => {
    expect(regionProblem('us-east-1a')).toEqual({ message: '"us-east-1a" is an Availability Zone, not a Region', use: '"us-east-1"' });
    expect(regionProblem('EU-WEST-1')).toEqual({ message: '"EU-WEST-1" is not an AWS Region code: Region codes are lower case', use: '"eu-west-1"' });
    expect(regionProblem(' eu-west-1')).toEqual({ message: '" eu-west-1" is not an AWS Region code', use: 'a Region code such as us-east-1, eu-west-1, ap-southeast-3 or us-gov-west-1' });
    // The job check says where to put it: the config.
    expect(errorsOf(validConfig({ region: 'us-east-1a' })).map((p) => p.fix)).toEqual(['set region in gtkit.config.ts to "us-east-1"']);
  });

  it('a region that is not one does not also make every ARN "in another region"', () => {
    expect(errorsOf(validConfig({ region: 'eu_west_1' })).map((p) => p.path)).toEqual(['region']);
  });
});

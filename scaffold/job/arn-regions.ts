import type { CreateLabelingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { partitionOf } from './aws-place.ts';
import { publicCrowdAccount } from './limits.ts';
import { lambdaArnPaths } from './request-paths.ts';
import type { JobProblem } from './validate-request.ts';

/**
 * The Region an ARN names (`arn:aws:sns:eu-west-1:111122223333:topic` → `eu-west-1`), or undefined
 * for anything else: a key id, an alias, an ARN of a global service (IAM, S3, which leave it empty).
 */
export function arnRegion(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const region = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]+):/.exec(arn)?.[1];
  return region === undefined || region === '' ? undefined : region;
}

/**
 * The partitions `partitionOf` tells a Region's from. An ARN of one of them is compared with the
 * job Region's partition; an ARN of another (`aws-eusc`, `aws-iso-f`) is not, since `partitionOf`
 * does not know the Regions of those and would report a right ARN as wrong.
 */
const comparedPartitions: ReadonlySet<string> = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b']);

/** One request field that holds a Regional ARN: where, which thing it is, and how to fix a wrong Region. */
interface RegionalArnField {
  path: string;
  read: (request: CreateLabelingJobCommandInput) => string | undefined;
  fix: (region: string, elsewhere: string) => string;
}

/**
 * The request's Regional ARNs. Ground Truth uses each from the job's Region: the functions it
 * invokes, work teams and task UIs belong
 * to one Region, SNS topics must be in the job's (reference §7.5), and S3 encrypts the output with
 * a KMS key of the bucket's Region, which must be the job's (§8). A multi-Region KMS key has one ARN
 * per Region: the replica's is the one to use.
 */
const regionalArnFields: readonly RegionalArnField[] = [
  ...(['pre', 'acs'] as const).map((which) => ({
    path: lambdaArnPaths[which],
    read: (r: CreateLabelingJobCommandInput) => (which === 'pre' ? r.HumanTaskConfig?.PreHumanTaskLambdaArn : r.HumanTaskConfig?.AnnotationConsolidationConfig?.AnnotationConsolidationLambdaArn),
    fix: () => "deploy the function in the job's region",
  })),
  {
    path: 'InputConfig.DataSource.SnsDataSource.SnsTopicArn',
    read: (r) => r.InputConfig?.DataSource?.SnsDataSource?.SnsTopicArn,
    fix: (region, elsewhere) => `set streaming.inputTopicArn to a topic in ${region} (Ground Truth subscribes to it from the job's Region), or set region to ${elsewhere}`,
  },
  {
    path: 'OutputConfig.SnsTopicArn',
    read: (r) => r.OutputConfig?.SnsTopicArn,
    fix: (region, elsewhere) => `set streaming.outputTopicArn to a topic in ${region}, or set region to ${elsewhere}`,
  },
  {
    path: 'OutputConfig.KmsKeyId',
    read: (r) => r.OutputConfig?.KmsKeyId,
    fix: (region) => `set s3.kmsKeyId to a key of ${region} (S3 encrypts the output only with a key of its bucket's Region; a multi-Region key has a replica with its own ARN in each Region)`,
  },
  {
    path: 'HumanTaskConfig.WorkteamArn',
    read: (r) => r.HumanTaskConfig?.WorkteamArn,
    fix: (region, elsewhere) => `set workforce.workteamArn to a work team of ${region} (a team belongs to one Region: create one there in the SageMaker console, Labeling workforces), or set region to ${elsewhere}`,
  },
  {
    path: 'HumanTaskConfig.UiConfig.HumanTaskUiArn',
    read: (r) => r.HumanTaskConfig?.UiConfig?.HumanTaskUiArn,
    fix: (region) => `use the task UI's ARN in ${region}`,
  },
  {
    path: 'LabelingJobAlgorithmsConfig.LabelingJobAlgorithmSpecificationArn',
    read: (r) => r.LabelingJobAlgorithmsConfig?.LabelingJobAlgorithmSpecificationArn,
    fix: (region) => `use the algorithm's ARN in ${region}`,
  },
  {
    path: 'LabelingJobAlgorithmsConfig.InitialActiveLearningModelArn',
    read: (r) => r.LabelingJobAlgorithmsConfig?.InitialActiveLearningModelArn,
    fix: (region) => `use a model of ${region}`,
  },
  {
    path: 'LabelingJobAlgorithmsConfig.LabelingJobResourceConfig.VolumeKmsKeyId',
    read: (r) => r.LabelingJobAlgorithmsConfig?.LabelingJobResourceConfig?.VolumeKmsKeyId,
    fix: (region) => `use a KMS key of ${region}`,
  },
];

/**
 * Every Regional ARN of the request that names another Region than the job's (or the right one under another partition),
 * as an error at its field: CreateLabelingJob refuses it, or the job fails when it first uses it.
 */
export function arnRegionProblems(request: CreateLabelingJobCommandInput, region: string): JobProblem[] {
  const problems: JobProblem[] = [];
  const partition = partitionOf(region);
  for (const field of regionalArnFields) {
    const arn = field.read(request);
    const elsewhere = arnRegion(arn);
    if (arn === undefined || elsewhere === undefined) continue;
    if (elsewhere !== region) {
      problems.push({ severity: 'error', path: field.path, message: `is in ${elsewhere}, the job in ${region}`, fix: field.fix(region, elsewhere) });
      continue;
    }
    // No ARN to correct: the reference knows Mechanical Turk only in the aws partition, however the ARN spells it.
    if (partition !== 'aws' && arn.includes(`:${publicCrowdAccount}:workteam/public-crowd/`)) {
      problems.push({ severity: 'error', path: field.path, message: `is the public crowd (Amazon Mechanical Turk), which Ground Truth offers in the aws partition only, and ${region} is in partition ${partition}`, fix: 'use a private or vendor workforce (set workforce.kind to "private" or "vendor" and set workforce.workteamArn to its work team), or set region to a Region of the aws partition' });
      continue;
    }
    // The right Region under another partition (an ARN copied from a commercial Region's config for a China or GovCloud job) names nothing that exists.
    const named = arn.split(':')[1] ?? '';
    if (named !== partition && comparedPartitions.has(named)) {
      const corrected = `arn:${partition}:${arn.split(':').slice(2).join(':')}`;
      problems.push({ severity: 'error', path: field.path, message: `names partition ${named}, but ${region} is in partition ${partition}`, fix: `write it as ${corrected} (the ARNs of ${region} start with arn:${partition}:)` });
    }
  }
  return problems;
}

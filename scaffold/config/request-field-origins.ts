import { child } from '../../lambdas/contracts/check.ts';
import { lambdaArnPaths } from '../job/request-paths.ts';
import type { TaskConfig } from './define-task.ts';
import { taskConfigFields } from './validate-config.ts';

/**
 * The config field each field of the CreateLabelingJob request is made from (see buildJob), so
 * that a problem with the request is shown where it is written. The S3 locations derive from
 * `s3` as a whole (bucket and prefix); the Lambda ARNs are placed by `requestFieldOrigin`.
 */
const origins: Record<string, string> = {
  LabelingJobName: 'jobName',
  LabelAttributeName: 'labelAttributeName',
  RoleArn: 'roleArn',
  InputConfig: 's3',
  'InputConfig.DataSource': 's3',
  'InputConfig.DataSource.S3DataSource.ManifestS3Uri': 's3',
  'InputConfig.DataSource.SnsDataSource.SnsTopicArn': 'streaming.inputTopicArn',
  'InputConfig.DataAttributes.ContentClassifiers': 'workforce.contentClassifiers',
  'OutputConfig.S3OutputPath': 's3.outputPath',
  'OutputConfig.KmsKeyId': 's3.kmsKeyId',
  'OutputConfig.SnsTopicArn': 'streaming.outputTopicArn',
  LabelCategoryConfigS3Uri: 's3',
  StoppingConditions: 'stoppingConditions',
  'StoppingConditions.MaxHumanLabeledObjectCount': 'stoppingConditions.maxHumanLabeledObjectCount',
  'StoppingConditions.MaxPercentageOfInputDatasetLabeled': 'stoppingConditions.maxPercentageOfInputDatasetLabeled',
  HumanTaskConfig: 'task',
  'HumanTaskConfig.WorkteamArn': 'workforce.workteamArn',
  'HumanTaskConfig.UiConfig': 's3',
  'HumanTaskConfig.UiConfig.UiTemplateS3Uri': 's3',
  'HumanTaskConfig.TaskKeywords': 'task.keywords',
  'HumanTaskConfig.TaskTitle': 'task.title',
  'HumanTaskConfig.TaskDescription': 'task.description',
  'HumanTaskConfig.NumberOfHumanWorkersPerDataObject': 'task.workersPerObject',
  'HumanTaskConfig.TaskTimeLimitInSeconds': 'task.timeLimitSeconds',
  'HumanTaskConfig.TaskAvailabilityLifetimeInSeconds': 'task.availabilityLifetimeSeconds',
  'HumanTaskConfig.MaxConcurrentTaskCount': 'task.maxConcurrentTaskCount',
  'HumanTaskConfig.PublicWorkforceTaskPrice': 'workforce.priceUsd',
  'HumanTaskConfig.PublicWorkforceTaskPrice.AmountInUsd': 'workforce.priceUsd',
  Tags: 'tags',
};

/**
 * The config path a job-request problem is about: `HumanTaskConfig.TaskKeywords[2]` →
 * `task.keywords[2]`, `Tags[0].Key` → `tags["created-by"]`. `deployedArns` says which Lambda ARNs
 * came from the deploy state or stack outputs rather than the config (`lambdas.pre.arn` is then
 * not what the request holds, so the function's settings are named instead). Undefined for a
 * request field the config does not make.
 */
export function requestFieldOrigin(path: string, config: TaskConfig, deployedArns: { pre?: boolean; acs?: boolean } = {}): string | undefined {
  // A path that opens with a config field is already about the config (`labels[2]`, `lambdas.pre.functionName`).
  const head = /^[A-Za-z0-9]+/.exec(path)?.[0] ?? '';
  if (taskConfigFields.includes(head)) return path;
  const tag = /^Tags\[(\d+)\]/.exec(path);
  if (tag) {
    const key = Object.keys(config.tags ?? {})[Number(tag[1])];
    return key === undefined ? 'tags' : child('tags', key);
  }
  const lambda = (['pre', 'acs'] as const).find((which) => lambdaArnPaths[which] === path);
  if (lambda) return deployedArns[lambda] ? `lambdas.${lambda}` : `lambdas.${lambda}.arn`;
  // A list item keeps its position: `HumanTaskConfig.TaskKeywords[2]` → `task.keywords[2]`.
  const item = /^(.*?)((?:\[\d+\])*)$/.exec(path);
  const origin = origins[item?.[1] ?? path];
  return origin === undefined ? undefined : `${origin}${item?.[2] ?? ''}`;
}

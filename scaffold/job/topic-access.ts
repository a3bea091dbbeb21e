import type { CreateLabelingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { limits } from './limits.ts';
import { managedPolicyMayCoverTopic } from './managed-policy.ts';
import type { JobProblem } from './validate-request.ts';

/**
 * An output topic that is the input topic too: Ground Truth publishes each labelled object to it,
 * so every label would come back as a new object. The job validator makes it an error; deploy says it too.
 */
export function topicLoopProblem(inputTopicArn: string | undefined, outputTopicArn: string | undefined): { message: string; fix: string } | undefined {
  if (inputTopicArn === undefined || inputTopicArn !== outputTopicArn) return undefined;
  return {
    message: `is the input topic too (${inputTopicArn}): Ground Truth publishes each labelled object to it, so the job would take every label it makes back in as a new object to label, without end`,
    fix: 'set streaming.outputTopicArn in gtkit.config.ts to another topic, or leave it out',
  };
}

/** A topic's name from a well-formed SNS topic ARN (`arn:aws:sns:<region>:<account>:<name>`), else undefined. */
function topicName(arn: string | undefined): string | undefined {
  return typeof arn === 'string' && limits.SnsTopicArn.pattern?.test(arn) ? arn.slice(arn.lastIndexOf(':') + 1) : undefined;
}

/**
 * The streaming job's topics that a role with only AmazonSageMakerGroundTruthExecution may not
 * use: Ground Truth subscribes its queue to the input topic and publishes to the output topic with
 * the job's role, so a topic the role cannot use stops the job from taking objects or announcing
 * labels. Each warning gives the statement to attach. The caller skips this for a role gtkit made
 * (its policy names both topics).
 */
export function topicAccessProblems(request: CreateLabelingJobCommandInput): JobProblem[] {
  const role = request.RoleArn ?? "the job's role (roleArn)";
  const topics = [
    { path: 'InputConfig.DataSource.SnsDataSource.SnsTopicArn', arn: request.InputConfig?.DataSource?.SnsDataSource?.SnsTopicArn, action: 'sns:Subscribe', use: 'subscribe its queue to', without: 'the job receives no object' },
    { path: 'OutputConfig.SnsTopicArn', arn: request.OutputConfig?.SnsTopicArn, action: 'sns:Publish', use: 'publish labels to', without: 'no labelled object is announced there' },
  ] as const;
  return topics.flatMap(({ path, arn, action, use, without }): JobProblem[] => {
    const name = topicName(arn);
    if (name === undefined || managedPolicyMayCoverTopic(name)) return [];
    return [
      {
        severity: 'warning',
        path,
        message: `the topic name "${name}" contains neither GroundTruth nor SageMaker, so the AmazonSageMakerGroundTruthExecution policy (which covers SNS topics named so) does not let the job's role ${use} it: with that policy alone, ${without}`,
        fix: `attach to ${role}: ${JSON.stringify({ Effect: 'Allow', Action: action, Resource: arn })}; or use a topic named e.g. GroundTruth-${name}; or run gtkit deploy --create-roles and set roleArn to the role it makes (its policy grants the topics)`,
      },
    ];
  });
}

/**
 * What the AWS managed policy AmazonSageMakerGroundTruthExecution lets the job's role do
 * (reference §2.8). IAM wildcards are case-sensitive, so only these spellings match.
 */
export const invokableFunctionMarkers = ['GtRecipe', 'LabelingFunction', 'SageMaker', 'sagemaker', 'Sagemaker'] as const;
export const readableObjectMarkers = ['GroundTruth', 'Groundtruth', 'groundtruth', 'SageMaker', 'Sagemaker', 'sagemaker'] as const;

export function managedPolicyCanInvoke(functionName: string): boolean {
  return invokableFunctionMarkers.some((m) => functionName.includes(m));
}

export function managedPolicyCanRead(s3Uri: string): boolean {
  return readableObjectMarkers.some((m) => s3Uri.includes(m));
}

/** The inline policy statement to attach when a function's name does not match the managed policy. */
export function invokeStatement(functionArns: string[]): Record<string, unknown> {
  return { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: functionArns };
}

/**
 * Whether the managed policy may let the job's role use an SNS topic of this name. The reference
 * (§2.8, §7.5) gives its SNS resources only as `*GroundTruth*`/`*SageMaker*` "variants", not their
 * exact spellings, so only a name holding neither word in any case is known to be outside it.
 */
export function managedPolicyMayCoverTopic(topicName: string): boolean {
  const name = topicName.toLowerCase();
  return name.includes('groundtruth') || name.includes('sagemaker');
}

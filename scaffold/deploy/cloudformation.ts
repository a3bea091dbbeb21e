import { createHash } from 'node:crypto';
import type { BuiltLambda } from '../../build.ts';
import type { TaskConfig } from '../config/define-task.ts';
import { stackOutputKeys } from '../job/job-inputs.ts';
import { groundTruthManagedPolicyArn, lambdaTrustPolicy, sageMakerTrustPolicy } from './policies.ts';

/** Where the zips go for a stack: keyed by content, so a new build is a new key and CloudFormation updates the code. */
export function codeKey(config: TaskConfig, built: BuiltLambda): string {
  const hex = createHash('sha256').update(built.zip).digest('hex').slice(0, 16);
  return `${config.s3.prefix ? `${config.s3.prefix.replace(/^\/+|\/+$/g, '')}/` : ''}lambda/${built.name}-${hex}.zip`;
}

/**
 * A CloudFormation template (JSON) with both functions, both roles and outputs carrying the
 * ARNs (`PreAnnotationLambdaArn`, `ConsolidationLambdaArn`, `GroundTruthExecutionRoleArn`), for
 * `aws cloudformation deploy --capabilities CAPABILITY_NAMED_IAM`. `gtkit job --stack-outputs`
 * reads the outputs back.
 */
export function cloudFormationTemplate(config: TaskConfig, built: { pre: BuiltLambda; acs: BuiltLambda }, runtime: string) {
  const outPrefix = `${config.s3.bucket}/${config.s3.prefix ? `${config.s3.prefix.replace(/^\/+|\/+$/g, '')}/` : ''}`;
  const fn = (which: 'pre' | 'acs', logical: string) => ({
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: config.lambdas[which].functionName,
      Runtime: runtime,
      Handler: built[which].handler,
      Role: { 'Fn::GetAtt': ['LambdaExecutionRole', 'Arn'] },
      MemorySize: config.lambdas[which].memoryMb ?? (which === 'pre' ? 256 : 1024),
      Timeout: config.lambdas[which].timeoutSeconds ?? (which === 'pre' ? 30 : 300),
      Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: which === 'pre' ? 'PreCodeKey' : 'AcsCodeKey' } },
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: config.lambdas[which].functionName } },
      Description: `gtkit ${which === 'pre' ? 'pre-annotation' : 'annotation-consolidation'} Lambda of ${config.jobName} (${logical})`,
    },
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `gtkit: Lambdas and roles of the Ground Truth labeling job ${config.jobName}`,
    Parameters: {
      CodeBucket: { Type: 'String', Default: config.s3.bucket, Description: 'Bucket holding the Lambda zips' },
      PreCodeKey: { Type: 'String', Default: codeKey(config, built.pre) },
      AcsCodeKey: { Type: 'String', Default: codeKey(config, built.acs) },
    },
    Resources: {
      LambdaExecutionRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: lambdaTrustPolicy(),
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          Policies: [{ PolicyName: 'gtkit-lambda', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${outPrefix}*` }] } }],
        },
      },
      GroundTruthExecutionRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: sageMakerTrustPolicy(),
          ManagedPolicyArns: [groundTruthManagedPolicyArn],
          Policies: [
            {
              PolicyName: 'gtkit-groundtruth',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [{ 'Fn::GetAtt': ['PreAnnotationFunction', 'Arn'] }, { 'Fn::GetAtt': ['ConsolidationFunction', 'Arn'] }] },
                  { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${outPrefix}*` },
                ],
              },
            },
          ],
        },
      },
      PreAnnotationFunction: fn('pre', 'PreAnnotationFunction'),
      ConsolidationFunction: fn('acs', 'ConsolidationFunction'),
    },
    Outputs: {
      [stackOutputKeys.pre]: { Value: { 'Fn::GetAtt': ['PreAnnotationFunction', 'Arn'] } },
      [stackOutputKeys.acs]: { Value: { 'Fn::GetAtt': ['ConsolidationFunction', 'Arn'] } },
      GroundTruthExecutionRoleArn: { Value: { 'Fn::GetAtt': ['GroundTruthExecutionRole', 'Arn'] } },
    },
  };
}

import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import type { BuiltTaskLambdas } from '../../build.ts';
import { shellWord, shownPath } from '../cli/paths.ts';
import type { TaskConfig } from '../config/define-task.ts';
import { functionDescription, functionEnvironment, functionSettings } from './function-settings.ts';
import { gtkitTags, tagList } from './function-ownership.ts';
import { gtkitBuildTag } from '../build/build-id.ts';
import { getBucketCorsCommand, putBucketCorsCommand } from './cors.ts';
import type { CorsNeed } from './cors-need.ts';
import type { LambdaRuntime } from './lambda-functions.ts';
import {
  acsExecutionPolicy,
  attachGroundTruthManagedPolicy,
  groundTruthExecutionPolicy,
  groundTruthManagedPolicyArn,
  inlinePolicyNames,
  lambdaTrustPolicy,
  preExecutionPolicy,
  sageMakerTrustPolicy,
  type PolicyDocument,
} from './policies.ts';
import { functionLogGroupName } from './log-group-names.ts';
import { logRetentionOf } from '../config/log-retention.ts';
import { cloudFormationOutputKeys } from './state.ts';
import { jobMetadataKey } from './stored-object.ts';
import type { AwsPlace } from '../job/aws-place.ts';
import type { RoleKind } from './role-kinds.ts';

/**
 * `gtkit deploy --emit-cloudformation <file>`: for teams that deploy with CloudFormation, a JSON
 * template with both functions, a version of each, a role per function and Ground Truth's (the
 * same least-privilege policies `--create-roles` writes), the functions' log groups with the
 * task's retention (`log-groups.ts`) and outputs carrying the ARNs (keys in `cloudFormationOutputKeys`).
 * The code comes from S3 under a content-addressed key, so a changed build is a new key and
 * CloudFormation updates the function; the version's logical id carries the code hash too, so
 * every code change publishes a new version.
 */

export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

export interface CloudFormationTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Metadata: Record<string, CfnValue>;
  Parameters: Record<string, { Type: 'String'; Default: string; Description: string }>;
  Resources: Record<string, { Type: string; Properties: Record<string, CfnValue>; DependsOn?: string[]; DeletionPolicy?: 'Retain'; UpdateReplacePolicy?: 'Retain' }>;
  Outputs: Record<string, { Description: string; Value: CfnValue }>;
}

/** The pseudo parameters stand in for partition, region and account in the shared policy builders. */
const cfnContext: AwsPlace = { partition: '${AWS::Partition}', region: '${AWS::Region}', account: '${AWS::AccountId}' };

/**
 * Wraps every string that uses a `${AWS::…}` pseudo parameter in `Fn::Sub`. Any other `${` in it
 * (IAM's `${*}`, a key with `${batch}` in it) is written `${!`, Fn::Sub's literal form: Fn::Sub
 * would otherwise look for a parameter of that name and refuse the template.
 */
export function substitutePseudoParameters(value: unknown): CfnValue {
  if (typeof value === 'string') return value.includes('${AWS::') ? { 'Fn::Sub': value.replace(/\$\{(?!AWS::(?:Partition|Region|AccountId)\})/g, '${!') } : value;
  if (Array.isArray(value)) return value.map(substitutePseudoParameters);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitutePseudoParameters(v)]));
  return value as CfnValue;
}

const hex = (zip: Uint8Array) => createHash('sha256').update(zip).digest('hex');

/** Where a zip goes for the stack: under the task's prefix, named by its content. */
export function codeKey(config: Pick<TaskConfig, 's3'>, built: { name: string; zip: Uint8Array }): string {
  const prefix = config.s3.prefix.replace(/^\/+|\/+$/g, '');
  return `${prefix ? `${prefix}/` : ''}lambda/${built.name}-${hex(built.zip).slice(0, 16)}.zip`;
}

/** A stack name from the job name (stack names start with a letter). */
export function stackName(config: Pick<TaskConfig, 'jobName'>): string {
  return `gtkit-${config.jobName}`.slice(0, 128);
}

const logical = { pre: 'PreAnnotationFunction', acs: 'ConsolidationFunction' } as const;
/** The functions' log groups' logical ids. */
const logGroupIds = { pre: 'PreAnnotationLogGroup', acs: 'ConsolidationLogGroup' } as const;

/**
 * The template's roles' logical ids, as messages about them name the roles. A stack made by an
 * older gtkit has `LambdaExecutionRole`, one role of both functions: updating it with this
 * template moves the functions to their own roles, and CloudFormation then deletes that one.
 */
export const cloudFormationRoleIds = { preExecution: 'PreAnnotationRole', acsExecution: 'ConsolidationRole', groundTruthExecution: 'GroundTruthExecutionRole' } as const satisfies Record<RoleKind, string>;

export function cloudFormationTemplate(config: TaskConfig, built: BuiltTaskLambdas, options: { runtime: LambdaRuntime; dataPrefixes?: string[] }): CloudFormationTemplate {
  // The tags gtkit deploy gives its functions, so either way of deploying recognises the other's.
  const tags = tagList(gtkitTags(config.jobName));
  const functionRole = (description: string, policyName: string, policy: PolicyDocument) => ({
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: description,
      AssumeRolePolicyDocument: substitutePseudoParameters(lambdaTrustPolicy()),
      Policies: [{ PolicyName: policyName, PolicyDocument: substitutePseudoParameters(policy) }],
      Tags: tags,
    },
  });
  const resources: CloudFormationTemplate['Resources'] = {
    [cloudFormationRoleIds.preExecution]: functionRole(`gtkit: PRE Lambda of ${config.jobName}`, inlinePolicyNames.preExecution, preExecutionPolicy(config, cfnContext, options.dataPrefixes ?? [])),
    [cloudFormationRoleIds.acsExecution]: functionRole(`gtkit: ACS Lambda of ${config.jobName}`, inlinePolicyNames.acsExecution, acsExecutionPolicy(config, cfnContext)),
    [cloudFormationRoleIds.groundTruthExecution]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `gtkit: Ground Truth execution role of ${config.jobName}`,
        AssumeRolePolicyDocument: substitutePseudoParameters(sageMakerTrustPolicy()),
        Policies: [{ PolicyName: inlinePolicyNames.groundTruthExecution, PolicyDocument: substitutePseudoParameters(groundTruthExecutionPolicy(config, cfnContext, options.dataPrefixes ?? [])) }],
        ...(attachGroundTruthManagedPolicy ? { ManagedPolicyArns: [groundTruthManagedPolicyArn] } : {}),
        Tags: tags,
      },
    },
  };
  for (const which of ['pre', 'acs'] as const) {
    const b = built[which];
    const name = config.lambdas[which].functionName;
    const { memoryMb, timeoutSeconds } = functionSettings(config, which);
    // Declared, so the group has a retention: Lambda would make it on the first run with none (log-groups.ts, also on KMS).
    resources[logGroupIds[which]] = {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: functionLogGroupName(name), RetentionInDays: logRetentionOf(config), Tags: tags },
    };
    resources[logical[which]] = {
      Type: 'AWS::Lambda::Function',
      // The group first, so that no run of the function can make it without a retention.
      DependsOn: [logGroupIds[which]],
      Properties: {
        FunctionName: name,
        Description: functionDescription(config, which),
        Runtime: options.runtime,
        Handler: b.handler,
        Role: { 'Fn::GetAtt': [which === 'pre' ? cloudFormationRoleIds.preExecution : cloudFormationRoleIds.acsExecution, 'Arn'] },
        Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: which === 'pre' ? 'PreCodeKey' : 'AcsCodeKey' } },
        MemorySize: memoryMb,
        Timeout: timeoutSeconds,
        PackageType: 'Zip',
        Environment: { Variables: functionEnvironment(name) },
        // Which gtkit built the code, as gtkit deploy tags it, so a later gtkit deploy can tell another gtkit's code.
        Tags: b.gtkitBuild ? [...tags, { Key: gtkitBuildTag, Value: b.gtkitBuild }] : tags,
      },
    };
    resources[`${logical[which]}Version${hex(b.zip).slice(0, 8).toUpperCase()}`] = {
      Type: 'AWS::Lambda::Version',
      Properties: { FunctionName: { Ref: logical[which] }, CodeSha256: b.codeSha256, Description: `gtkit ${b.codeSha256}` },
      // A new build replaces this resource; the old version stays, as a job may still use it.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    };
  }
  const code = codeParameters(config, built);
  const versionOf = (which: 'pre' | 'acs') => `${logical[which]}Version${hex(built[which].zip).slice(0, 8).toUpperCase()}`;
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `gtkit: Lambdas and roles of the Ground Truth labeling job ${config.jobName}`.slice(0, 1024),
    Metadata: { gtkit: { job: config.jobName, runtime: options.runtime, codeSha256: { pre: built.pre.codeSha256, acs: built.acs.codeSha256 } } },
    Parameters: {
      CodeBucket: { Type: 'String', Default: code.CodeBucket, Description: 'Bucket holding the Lambda zips (upload them first)' },
      PreCodeKey: { Type: 'String', Default: code.PreCodeKey, Description: 'Key of the PRE zip (pass it in --parameter-overrides: an existing stack keeps its last value)' },
      AcsCodeKey: { Type: 'String', Default: code.AcsCodeKey, Description: 'Key of the ACS zip (pass it in --parameter-overrides: an existing stack keeps its last value)' },
    },
    Resources: resources,
    Outputs: {
      [cloudFormationOutputKeys.pre]: { Description: 'PreHumanTaskLambdaArn of the labeling job', Value: { 'Fn::GetAtt': [logical.pre, 'Arn'] } },
      [cloudFormationOutputKeys.acs]: { Description: 'AnnotationConsolidationLambdaArn of the labeling job', Value: { 'Fn::GetAtt': [logical.acs, 'Arn'] } },
      [cloudFormationOutputKeys.preVersion]: { Description: 'The PRE version this stack published', Value: { Ref: versionOf('pre') } },
      [cloudFormationOutputKeys.acsVersion]: { Description: 'The ACS version this stack published', Value: { Ref: versionOf('acs') } },
      [cloudFormationOutputKeys.preRole]: { Description: 'Execution role of the PRE Lambda', Value: { 'Fn::GetAtt': [cloudFormationRoleIds.preExecution, 'Arn'] } },
      [cloudFormationOutputKeys.acsRole]: { Description: 'Execution role of the ACS Lambda', Value: { 'Fn::GetAtt': [cloudFormationRoleIds.acsExecution, 'Arn'] } },
      [cloudFormationOutputKeys.groundTruthRole]: { Description: 'RoleArn of the labeling job', Value: { 'Fn::GetAtt': [cloudFormationRoleIds.groundTruthExecution, 'Arn'] } },
    },
  };
}

/** A job file (template, label categories, manifest) the stack path puts on S3 itself, as `gtkit deploy` would. */
export interface JobFileCopy {
  /** The local file. */
  file: string;
  /** Where the request expects it. */
  uri: string;
}

/**
 * Where the next steps save the stack's outputs: beside the template, named after it
 * (`stack.json` → `stack-outputs.json`), so the redirect never overwrites the template itself.
 */
export function stackOutputsFile(templateFile: string): string {
  const base = basename(templateFile).replace(/\.json$/i, '');
  return join(dirname(templateFile), `${base}-outputs.json`);
}

/**
 * The zips' place as `Key=Value` words for `--parameter-overrides`. `aws cloudformation deploy`
 * keeps the previous value of every parameter not given there once the stack exists (the defaults
 * count only at creation), so without them a rebuilt function would keep its old zip and the new
 * version's CodeSha256 would fail the update.
 */
export function codeParameterOverrides(config: Pick<TaskConfig, 's3'>, built: Pick<BuiltTaskLambdas, 'pre' | 'acs'>): string {
  return Object.entries(codeParameters(config, built))
    .map(([key, value]) => shellWord(`${key}=${value}`))
    .join(' ');
}

/** The template's parameters: where the zips are (their defaults, and the next steps' overrides). */
function codeParameters(config: Pick<TaskConfig, 's3'>, built: Pick<BuiltTaskLambdas, 'pre' | 'acs'>): { CodeBucket: string; PreCodeKey: string; AcsCodeKey: string } {
  return { CodeBucket: config.s3.bucket, PreCodeKey: codeKey(config, built.pre), AcsCodeKey: codeKey(config, built.acs) };
}

/**
 * The AWS CLI commands that take the template to a stack and its ARNs into `gtkit job`, each
 * word quoted for the shell where needed so a line can be pasted as it is (paths with spaces).
 * The stack holds only the functions and roles, so the zips and the job's files (`jobFiles`: what
 * `gtkit deploy` uploads, and the request names) are copied to S3 first, with the task's KMS key
 * when it has one, the job files with their job in their metadata (`object-ownership.ts`); the
 * deploy line names the zips' keys (`codeParameterOverrides`), so an update takes the new code.
 * `taskDir` is named in the `gtkit job` line unless it is the current folder.
 * When the template loads the data in the worker's browser (`cors`, see `cors.ts`), the data
 * buckets, which the stack does not own, get the CORS rule by hand: the lines read each bucket's
 * rules first, since put-bucket-cors replaces them all.
 */
export function cloudFormationNextSteps(config: TaskConfig, built: BuiltTaskLambdas, templateFile: string, taskDir = '.', jobFiles: JobFileCopy[] = [], cors?: CorsNeed): string[] {
  const stack = shellWord(stackName(config));
  const path = (p: string) => shellWord(shownPath(p));
  const kms = config.s3.kmsKeyId ? ` --sse aws:kms --sse-kms-key-id ${shellWord(config.s3.kmsKeyId)}` : '';
  const copy = (file: string, uri: string, metadata = '') => `aws s3 cp ${path(file)} ${shellWord(uri)}${metadata}${kms}`;
  // The job files record their job, as gtkit deploy's do, so a later deploy of another job with the same s3.prefix stops instead of replacing them.
  const jobRecord = ` --metadata ${shellWord(`${jobMetadataKey}=${config.jobName}`)}`;
  const object = (b: BuiltTaskLambdas['pre']) => `s3://${config.s3.bucket}/${codeKey(config, b)}`;
  const task = shownPath(resolve(taskDir));
  const outputs = path(stackOutputsFile(resolve(templateFile)));
  return [
    copy(built.pre.zipFile, object(built.pre)),
    copy(built.acs.zipFile, object(built.acs)),
    ...jobFiles.map((f) => copy(f.file, f.uri, jobRecord)),
    ...corsSteps(config.region, cors),
    olderStackNote(config),
    `aws cloudformation deploy --template-file ${path(templateFile)} --stack-name ${stack} --capabilities CAPABILITY_IAM --region ${shellWord(config.region)} --parameter-overrides ${codeParameterOverrides(config, built)}`,
    `aws cloudformation describe-stacks --stack-name ${stack} --region ${shellWord(config.region)} > ${outputs}`,
    `gtkit job${task === '.' ? '' : ` ${shellWord(task)}`} --stack-outputs ${outputs}`,
  ];
}

/**
 * A shell comment for a stack made by an older gtkit: what the update changes there, and the log
 * groups it cannot take over (Lambda made them when the functions first ran, and CloudFormation
 * stops at a group that exists already). The template alone cannot tell a new stack from an older
 * gtkit's, and this route calls no AWS, so the comment says how to tell, and deleting the groups
 * (with their lines) comes only after the deploy line has stopped at one: a new stack never does.
 */
function olderStackNote(config: TaskConfig): string {
  const region = shellWord(config.region);
  const deletions = (['pre', 'acs'] as const).map((which) => `aws logs delete-log-group --log-group-name ${shellWord(functionLogGroupName(config.lambdas[which].functionName))} --region ${region}`);
  const describe = `aws cloudformation describe-stacks --stack-name ${shellWord(stackName(config))} --region ${region}`;
  return `# Only for a stack an older gtkit made (${describe} lists an output LambdaExecutionRoleArn; a new stack skips this): the update gives each function a role of its own, CloudFormation deletes the old LambdaExecutionRole (the one role of both) once they use theirs, and the stack now declares the functions' log groups (${logRetentionOf(config)} days' retention). If the deploy line then stops at a log group ("already exists": Lambda made it when the function first ran), keep what you need of its lines, run ${deletions.join(' and ')}, and run the deploy line again`;
}

/** The CORS lines of the next steps: a shell comment saying why and how to keep existing rules, then get and put per bucket. */
function corsSteps(region: string, cors: CorsNeed | undefined): string[] {
  if (!cors || cors.buckets.length === 0) return [];
  const buckets = cors.buckets.map((b) => `s3://${b}`).join(', ');
  return [
    `# The template's ${cors.user} loads the objects in the worker's browser: the CORS rules of ${buckets} must allow GET from *, or tasks fail to open. put-bucket-cors replaces a bucket's whole CORS configuration: when get-bucket-cors prints rules, send them back together with this one instead`,
    ...cors.buckets.flatMap((b) => [getBucketCorsCommand(b, region), putBucketCorsCommand(b, region)]),
  ];
}

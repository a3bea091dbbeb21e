import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand, TagRoleCommand, type IAMClient, type Role } from '@aws-sdk/client-iam';
import type { TaskConfig } from '../config/define-task.ts';
import { awsErrorName } from './aws-errors.ts';
import { gtkitTags, tagList } from './function-ownership.ts';
import type { RoleLookups } from './role-ownership.ts';
import { roleKinds, type RoleKind } from './role-kinds.ts';
import { roleNames } from './names.ts';
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
import { withRetry, type Sleep } from './retry.ts';
import { DeployStepError } from './step.ts';
import type { AwsPlace } from '../job/aws-place.ts';

export interface RoleResult {
  name: string;
  arn: string;
  created: boolean;
  /** An existing role whose trust policy does not let its service assume it: what to do. */
  warning?: string;
}

export type EnsuredRoles = Record<RoleKind, RoleResult>;

interface RoleSpec {
  name: string;
  /** The service that assumes the role, as in its trust policy (`lambda.amazonaws.com`). */
  service: string;
  trust: PolicyDocument;
  description: string;
  inlinePolicyName: string;
  inlinePolicy: PolicyDocument;
  managedPolicies: string[];
  /** Tags of a role gtkit makes: `gtkitTags`, so a later deploy recognises the role as this job's. */
  tags: Record<string, string>;
}


/**
 * Sets a role's inline policy, making the role first when `existing` (what GetRole found) is
 * undefined. Whether an existing role may be rewritten is `role-ownership.ts`'s question, asked
 * before the deploy changes anything.
 */
async function ensureRole(iam: IAMClient, spec: RoleSpec, existing: Role | undefined, retry: <T>(call: () => Promise<T>) => Promise<T>, account: string, partition: string): Promise<RoleResult> {
  const roleArn = `arn:${partition}:iam::${account}:role/${spec.name}`;
  let arn = existing?.Arn;
  let created = false;
  let warning: string | undefined;
  // A role of this name made by hand or for something else keeps its trust policy; gtkit does not rewrite it.
  if (arn && !trustsService(existing?.AssumeRolePolicyDocument, spec.service)) {
    warning = `role ${spec.name} exists, but its trust policy does not let ${spec.service} assume it (gtkit sets only its inline policy): add ${JSON.stringify({ Effect: 'Allow', Principal: { Service: spec.service }, Action: 'sts:AssumeRole' })} to its trust relationships, or rename the job`;
  }
  if (!arn) {
    try {
      const made = await retry(() =>
        iam.send(new CreateRoleCommand({ RoleName: spec.name, AssumeRolePolicyDocument: JSON.stringify(spec.trust), Description: spec.description, Tags: tagList(spec.tags) })),
      );
      arn = made.Role?.Arn ?? roleArn;
      created = true;
    } catch (error) {
      throw new DeployStepError({ doing: `creating role ${spec.name}`, action: 'iam:CreateRole', resource: roleArn }, error);
    }
  }
  // An existing role this deploy may rewrite (its state records it, or --overwrite-roles) gets this
  // job's tags, so a deploy from a fresh clone (no .gtkit/ state) recognises it too: a role made by
  // an older gtkit carries created-by alone and would be refused there every time.
  const missingTags = arn && !created ? tagList(spec.tags).filter((tag) => !existing?.Tags?.some((t) => t.Key === tag.Key && t.Value === tag.Value)) : [];
  if (missingTags.length > 0) {
    try {
      await retry(() => iam.send(new TagRoleCommand({ RoleName: spec.name, Tags: missingTags })));
    } catch (error) {
      const tagWarning = `could not tag role ${spec.name} as this job's (iam:TagRole: ${awsErrorName(error)}): a deploy without this folder's .gtkit/ state will ask for --overwrite-roles again`;
      warning = warning ? `${warning}; ${tagWarning}` : tagWarning;
    }
  }
  // The inline policy is rewritten on every deploy, so it follows the task config.
  try {
    await retry(() => iam.send(new PutRolePolicyCommand({ RoleName: spec.name, PolicyName: spec.inlinePolicyName, PolicyDocument: JSON.stringify(spec.inlinePolicy) })));
  } catch (error) {
    throw new DeployStepError({ doing: `setting the inline policy of role ${spec.name}`, action: 'iam:PutRolePolicy', resource: roleArn }, error);
  }
  for (const policyArn of spec.managedPolicies) {
    try {
      await retry(() => iam.send(new AttachRolePolicyCommand({ RoleName: spec.name, PolicyArn: policyArn })));
    } catch (error) {
      throw new DeployStepError({ doing: `attaching ${policyArn} to role ${spec.name}`, action: 'iam:AttachRolePolicy', resource: roleArn }, error);
    }
  }
  return { name: spec.name, arn, created, ...(warning ? { warning } : {}) };
}

/**
 * Whether a trust policy (as GetRole returns it: URL-encoded JSON) has an Allow statement that
 * lets `service` call sts:AssumeRole. A document gtkit cannot read counts as trusting, so only a
 * clear case is reported.
 */
export function trustsService(document: string | undefined, service: string): boolean {
  if (document === undefined) return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(document));
  } catch {
    try {
      parsed = JSON.parse(document);
    } catch {
      return true;
    }
  }
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  const statements = list((parsed as { Statement?: unknown })?.Statement).filter((st): st is Record<string, unknown> => typeof st === 'object' && st !== null);
  return statements.some((st) => {
    if (st.Effect !== 'Allow') return false;
    const actions = list(st.Action);
    if (!actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')) return false;
    const principal = st.Principal;
    if (principal === '*') return true;
    const services = typeof principal === 'object' && principal !== null ? list((principal as { Service?: unknown }).Service) : [];
    return services.includes(service);
  });
}

/** IAM calls retried as deploy retries them, each retry a progress line. */
export function iamRetry(options: { sleep?: Sleep; progress?: (line: string) => void }): <T>(call: () => Promise<T>) => Promise<T> {
  return (call) => withRetry(call, { ...(options.sleep ? { sleep: options.sleep } : {}), onRetry: (e, n) => options.progress?.(`  IAM: ${awsErrorName(e)}, retry ${n}`) });
}

/**
 * Creates (or keeps) the PRE's, the ACS's and Ground Truth's execution roles, each with its
 * least-privilege inline policy (see `policies.ts`). `found` is what `lookUpRoles` found, after
 * `checkRoleOwners` let the deploy go on. A role's warning (a trust policy that leaves its service
 * out) goes to `warn`, beside the role's progress line.
 */
export async function ensureRoles(
  iam: IAMClient,
  config: TaskConfig,
  context: AwsPlace,
  options: { dataPrefixes: string[]; found: RoleLookups; sleep?: Sleep; progress?: (line: string) => void; warn: (line: string) => void },
): Promise<EnsuredRoles> {
  const names = roleNames(config);
  const { warn, found } = options;
  const retry = iamRetry(options);
  const lambdaRole = (description: string, inlinePolicy: PolicyDocument) => ({ service: 'lambda.amazonaws.com', trust: lambdaTrustPolicy(), description, inlinePolicy, managedPolicies: [] });
  const specs: Record<RoleKind, Omit<RoleSpec, 'name' | 'inlinePolicyName' | 'tags'>> = {
    preExecution: lambdaRole(`gtkit: PRE Lambda of ${config.jobName}`, preExecutionPolicy(config, context, options.dataPrefixes)),
    acsExecution: lambdaRole(`gtkit: ACS Lambda of ${config.jobName}`, acsExecutionPolicy(config, context)),
    groundTruthExecution: {
      service: 'sagemaker.amazonaws.com',
      trust: sageMakerTrustPolicy(),
      description: `gtkit: Ground Truth execution role of ${config.jobName}`,
      inlinePolicy: groundTruthExecutionPolicy(config, context, options.dataPrefixes),
      managedPolicies: attachGroundTruthManagedPolicy ? [groundTruthManagedPolicyArn] : [],
    },
  };
  const ensured: Partial<EnsuredRoles> = {};
  // One after the other, in a fixed order: the progress lines and warnings read the same every time.
  for (const kind of roleKinds) {
    const spec: RoleSpec = { ...specs[kind], name: names[kind], inlinePolicyName: inlinePolicyNames[kind], tags: gtkitTags(config.jobName) };
    const role = await ensureRole(iam, spec, found[kind], retry, context.account, context.partition);
    options.progress?.(`  role ${role.name}: ${role.created ? 'created' : 'exists'}, inline policy ${spec.inlinePolicyName} set`);
    if (role.warning) warn(role.warning);
    ensured[kind] = role;
  }
  return ensured as EnsuredRoles;
}

import { GetRoleCommand, type IAMClient, type Role } from '@aws-sdk/client-iam';
import type { TaskConfig } from '../config/define-task.ts';
import type { AwsPlace } from '../job/aws-place.ts';
import { awsErrorName, isAccessDenied } from './aws-errors.ts';
import { ownershipByTags } from './function-ownership.ts';
import { roleNames, sharedLambdaRoleName } from './names.ts';
import { roleKinds, sharedLambdaRoleKind, type RoleKind } from './role-kinds.ts';
import type { RefusalPart } from './object-ownership.ts';
import type { DeployState } from './state.ts';
import { DeployStepError } from './step.ts';

/**
 * Whose a role of the name `--create-roles` gives is, before the deploy rewrites its inline
 * policy. Role names derive from the job name alone, so two teams of one account with the same
 * job name, or a hand-made role of that name, would otherwise share grants: the second deploy
 * would re-scope the first job's role to its own data. gtkit recognises a role as functions are
 * recognised (`function-ownership.ts`): the deploy state records it, or its tags say gtkit made it
 * for this job. Any other role is left alone unless the user says so.
 */

/** The flag that lets `--create-roles` set the inline policy of a role gtkit cannot recognise. */
export const overwriteRolesFlag = '--overwrite-roles';

/**
 * What GetRole found for each of the roles; undefined when there is none yet. `lambdaExecution`:
 * the one role an older gtkit gave both functions (`SageMaker-<job>-lambda`), which deploy never
 * writes to, only says it leaves; undefined too when its tags say gtkit made it for another job.
 */
export type RoleLookups = Record<RoleKind, Role | undefined> & { [sharedLambdaRoleKind]: Role | undefined };

/**
 * The roles, looked up by the names `--create-roles` gives them, and the older gtkit's shared one
 * by its name. That last lookup only finds a role to mention, so a refusal of it is a warning.
 */
export async function lookUpRoles(iam: IAMClient, config: Pick<TaskConfig, 'jobName'>, context: AwsPlace, retry: <T>(call: () => Promise<T>) => Promise<T>, warn: (line: string) => void): Promise<RoleLookups> {
  const names = roleNames(config);
  const lookUp = async (name: string): Promise<Role | undefined> => {
    try {
      return (await retry(() => iam.send(new GetRoleCommand({ RoleName: name })))).Role;
    } catch (error) {
      if (awsErrorName(error) === 'NoSuchEntity' || awsErrorName(error) === 'NoSuchEntityException') return undefined;
      throw new DeployStepError({ doing: `looking up role ${name}`, action: 'iam:GetRole', resource: `arn:${context.partition}:iam::${context.account}:role/${name}` }, error);
    }
  };
  const found: Partial<RoleLookups> = {};
  for (const kind of roleKinds) found[kind] = await lookUp(names[kind]);
  const sharedName = sharedLambdaRoleName(config);
  const shared = await lookUp(sharedName).catch((error: unknown) => {
    if (!(error instanceof DeployStepError) || !isAccessDenied(error.cause)) throw error;
    warn(`could not look up ${sharedName}, the one role an older gtkit gave both functions (iam:GetRole: ${error.awsError}): if it exists and nothing uses it, delete it yourself (aws iam get-role --role-name ${sharedName} shows it)`);
    return undefined;
  });
  // Found by its name alone, it is the older gtkit's only when gtkit tagged it (a hand-made role of that name
  // is not ours to call unused); one gtkit tagged for another job (a shortened name shared by two jobs) is that job's.
  const sharedTags = shared ? tagsOf(shared) : {};
  const sharedJob = sharedTags['gtkit-job'];
  found[sharedLambdaRoleKind] = sharedTags['created-by'] === 'gtkit' && (sharedJob === undefined || sharedJob === config.jobName) ? shared : undefined;
  return found as RoleLookups;
}

/** A role's tags as a name → value record. */
function tagsOf(role: Role): Record<string, string> {
  return Object.fromEntries((role.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

/**
 * The roles that exist and that gtkit cannot recognise as this job's: refused (for the one
 * refusal message deploy gives before any change) unless `overwrite`, which warns instead.
 * `recorded`: the roles the deploy state records for this job, in this account.
 */
export function checkRoleOwners(
  found: RoleLookups,
  { recorded, jobName, overwrite }: { recorded: DeployState['roles']; jobName: string; overwrite: boolean },
  warn: (line: string) => void,
): RefusalPart | undefined {
  const refused: string[] = [];
  let earlierGtkit = false;
  let others = false;
  for (const which of roleKinds) {
    const role = found[which];
    if (role === undefined) continue;
    const owner = ownershipByTags(tagsOf(role), role.Arn !== undefined && recorded?.[which] === role.Arn, jobName);
    if (owner.kind === 'own') continue;
    const name = role.RoleName ?? role.Arn ?? which;
    if (overwrite) warn(`${overwriteRolesFlag}: setting the inline policy of role ${name}, which gtkit cannot tell is this task's: ${owner.why}`);
    else if (owner.earlierGtkit) {
      earlierGtkit = true;
      refused.push(`  jobName: the role ${name} (--create-roles names it after the job) exists, and gtkit cannot tell it is this task's: the deploy state does not record it, and it was made by an earlier gtkit, which tagged its roles created-by=gtkit only (no gtkit-job tag)`);
    } else {
      others = true;
      refused.push(`  jobName: the role ${name} (--create-roles names it after the job) exists, and gtkit cannot tell it is this task's: the deploy state does not record it, and ${owner.why}`);
    }
  }
  if (refused.length === 0) return undefined;
  // Renaming the job would leave an earlier gtkit's roles of this task behind, unused: taking them over comes first.
  const earlierFix = `If this task's earlier deploys made it, deploy once with ${overwriteRolesFlag}: it adds the gtkit-job=${jobName} tag, and later deploys, from any clone, recognise it.`;
  const othersFix = `Give the job a name of its own (jobName), set lambdas.executionRoleArn and roleArn and deploy without --create-roles, or deploy with ${overwriteRolesFlag} to set this task's inline policies on it.`;
  return {
    lines: refused,
    why: "It may be another team's role or a hand-made one: rewriting its policy would take away what it grants now, and whatever it trusts would gain this job's data.",
    fix: [...(earlierGtkit ? [earlierFix] : []), ...(others ? [othersFix] : [])].join(' '),
  };
}

import { TagResourceCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { awsErrorName } from './aws-errors.ts';
import { withRetry, type Sleep } from './retry.ts';
import { gtkitBuildTag } from '../build/build-id.ts';

/**
 * Whether a deploy swaps a function's code for code another gtkit built. A labeling job's request
 * names the function, not a version, so a job still running takes the new code for its remaining
 * objects: after an upgrade that may change its label form or confidences half-way through.
 */

/** The page that lists what an upgrade changes and what to do about each. */
export const upgradingPage = 'docs/upgrading.md';

/** What each function does with the new code in a running job. */
const nextWork = { pre: 'prepares its next objects', acs: 'consolidates its next batches' } as const;

/**
 * The warning for a function whose code this deploy replaces, when the gtkit that built its code
 * is another one (`recorded`, from its `gtkit-build` tag or the deploy state, differs from
 * `current`) or cannot be told (a function deployed by a gtkit that recorded no build id, that is
 * every gtkit before this check: exactly the upgrade the warning is for). Undefined when the
 * builds match, or when this gtkit has no build id to compare.
 */
export function otherBuildWarning(which: 'pre' | 'acs', name: string, { recorded, current, jobName, dryRun }: { recorded: string | undefined; current: string | undefined; jobName: string; dryRun: boolean }): string | undefined {
  if (current === undefined || recorded === current) return undefined;
  const replaces = dryRun ? 'would replace' : 'replaces';
  const builder =
    recorded === undefined
      ? `${name} holds code from a gtkit that recorded no build id (one from before 2026-11-25), so gtkit cannot tell whether this deploy, which ${replaces} its code, also brings another gtkit's (this one is ${gtkitBuildTag} ${current})`
      : `${name} was built by another gtkit (${gtkitBuildTag} ${recorded}; this one is ${current}), and this deploy ${replaces} its code`;
  return `${builder}: a labeling job names the function, not a version, so a job of ${jobName} still running ${nextWork[which]} with the new code, whose label form and confidences may differ from its earlier ones; let it finish first, or give lambdas.${which}.functionName a new name for the next job (what an upgrade changes: ${upgradingPage})`;
}

/**
 * Sets the function's `gtkit-build` tag to the build its code now comes from. Lambda tags a
 * function only when it is created, so an updated one would go on naming the gtkit that made it.
 * Returns a warning when Lambda refuses (lambda:TagResource is optional: without it, a deploy
 * with no deploy state reads the old tag).
 */
export async function retagBuild(lambda: LambdaClient, arn: string, name: string, build: string, options: { sleep?: Sleep } = {}): Promise<string | undefined> {
  try {
    await withRetry(() => lambda.send(new TagResourceCommand({ Resource: arn, Tags: { [gtkitBuildTag]: build } })), options);
    return undefined;
  } catch (error) {
    return `could not tag ${name} with ${gtkitBuildTag}=${build} (lambda:TagResource: ${awsErrorName(error)}): its tag still names the gtkit that built its earlier code, so a deploy without this folder's .gtkit/ state will take it for another gtkit's`;
  }
}

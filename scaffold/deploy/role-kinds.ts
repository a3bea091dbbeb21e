/**
 * The roles `--create-roles` makes (one per function, and Ground Truth's), in the order it makes
 * and names them. Every list of roles (their IAM names, inline policy names, CloudFormation ids,
 * the deploy state's record) is keyed by these, so a role is added or renamed here and the
 * compiler names each map that lacks it.
 */
export const roleKinds = ['preExecution', 'acsExecution', 'groundTruthExecution'] as const;

/** One of the roles `--create-roles` makes. */
export type RoleKind = (typeof roleKinds)[number];

/** The one role an older gtkit gave both functions, which a deploy state may still record. */
export const sharedLambdaRoleKind = 'lambdaExecution';

/** Every role a deploy state may record, in the order messages name them. */
export const deployStateRoleKinds = [...roleKinds, sharedLambdaRoleKind] as const;

/** A role a deploy state may record. */
export type RecordedRoleKind = (typeof deployStateRoleKinds)[number];

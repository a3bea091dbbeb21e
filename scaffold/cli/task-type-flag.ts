import { isTaskTypeName, taskTypeNames, type TaskTypeName } from '../../lambdas/task-types/names.ts';
import { suggestName } from '../../lambdas/contracts/suggest.ts';
import { UsageError } from './exit-codes.ts';

/**
 * A `--type` value as a task type, or a usage error that echoes it, lists the types and suggests
 * the one it is most likely a slip of; `init` and `demo` say the same thing for the same slip.
 */
export function parseTaskTypeFlag(value: string): TaskTypeName {
  if (isTaskTypeName(value)) return value;
  // The rule the config's `type` uses too (validate-config), so the same slip gets the same suggestion.
  const near = suggestName(value, taskTypeNames);
  throw new UsageError(`--type ${JSON.stringify(value)} is not a task type; use one of ${taskTypeNames.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`);
}

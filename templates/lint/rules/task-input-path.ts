import { FindingSet } from '../documents.ts';
import type { LintRule, MissingRead } from '../types.ts';

/**
 * Every `task.input` path the template reads must be in what the PRE returns for the sample
 * manifest lines. Found by rendering each PRE output and noting reads of keys it lacks; reads
 * that test on purpose (`{% if %}`, `{% unless %}`, `{% case %}`, `| default`, a `for` with an
 * `else`) do not count. Without task inputs the rule has nothing to check.
 */
export const taskInputPath: LintRule = {
  id: 'task-input-path',
  description: 'task.input paths the PRE does not produce (needs task inputs)',
  check(ctx) {
    const inputs = ctx.taskInputs ?? [];
    if (inputs.length === 0 || ctx.missingReads.length === 0) return [];
    // One finding per place and path shape (`items[*].x`), naming how many lines lack it.
    const groups = new Map<string, MissingRead[]>();
    for (const read of ctx.missingReads) {
      const key = `${read.offset}\u0000${read.path.replace(/\[\d+\]/g, '[*]')}`;
      const group = groups.get(key);
      if (group) group.push(read);
      else groups.set(key, [read]);
    }
    const out = new FindingSet();
    for (const [key, reads] of groups) {
      const first = reads[0] as MissingRead;
      const origins = [...new Set(reads.map((r) => r.origin))];
      const lines = origins.length === inputs.length ? `any of the ${inputs.length} sample line(s)` : `${origins.length} of ${inputs.length} sample line(s)`;
      out.add(key, () =>
        ctx.at(
          first.offset,
          'task-input-path',
          'error',
          `${first.path} is not in the PRE output for ${lines} (first: ${first.origin}), so it renders empty`,
          first.path.startsWith('task.input')
            ? 'return this field from pre.ts in taskInput, fix the path, or guard it with {% if %} / | default'
            : 'the template sees the PRE output as task.input: write task.input.…',
        ),
      );
    }
    return out.list;
  },
};

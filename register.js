// `node --import gtkit/register …` runs TypeScript task files (pre.ts, acs.ts, task tests)
// through gtkit's own tsx, so a task folder needs no compiler of its own.
import { register } from 'tsx/esm/api';

register();
// Task code then imports `gtkit` from its sources, as gtkit's commands load it (dist/ is for other
// projects), and may import the AWS SDK without an install of its own, as Lambda's runtime
// provides it (after register(), so that the TypeScript module loads).
const { prepareTaskImports } = await import('./scaffold/task/task-imports.ts');
prepareTaskImports();

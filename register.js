// `node --import gtkit/register …` runs TypeScript task files (pre.ts, acs.ts, task tests)
// through gtkit's own tsx, so a task folder needs no compiler of its own.
import { register } from 'tsx/esm/api';

register();
// Task code may import the AWS SDK without an install of its own, as Lambda's runtime provides
// it: gtkit lends its copy (after register(), so that the TypeScript module loads).
const { lendAwsSdk } = await import('./scaffold/task/aws-sdk-fallback.ts');
lendAwsSdk();
const { useGtkitSources } = await import('./scaffold/task/gtkit-sources.ts');
// …and `gtkit` itself from its sources, as gtkit's commands load it (dist/ is for other projects).
useGtkitSources();

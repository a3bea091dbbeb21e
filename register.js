// `node --import gtkit/register …` runs TypeScript task files (pre.ts, acs.ts, task tests)
// through gtkit's own tsx, so a task folder needs no compiler of its own.
import { register } from 'tsx/esm/api';

register();

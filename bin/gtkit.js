#!/usr/bin/env node
// The CLI is written in TypeScript; tsx compiles it on the fly so that a fresh clone works
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
// Output piped into a reader that stops early (`gtkit … | head`): stop quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
const { main } = await import('../scaffold/cli.ts');
process.exitCode = await main(process.argv);

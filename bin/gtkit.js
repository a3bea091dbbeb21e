#!/usr/bin/env node
// The CLI is written in TypeScript; tsx compiles it on the fly so that a fresh clone works
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
// On Node 20 the AWS SDK prints a multi-line notice that its releases after January 2027 need
// Node 22, into the middle of every command that loads it (run, deploy, job). It concerns this
// process, not the Lambdas (they run on nodejs24.x); the README says it once. Set the variable
// to false to see the SDK's own notice again.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Output piped into a reader that stops early (`gtkit … | head`): stop quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
const { main } = await import('../scaffold/cli.ts');
process.exitCode = await main(process.argv);

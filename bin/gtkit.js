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
// Output piped into a reader that stops early (`gtkit … | head`): the rest of that output is
// dropped, and the command still finishes its work and exits with its own code. Exiting at the
// first failed write would stop a run or a deploy half-way, and exiting 0 would tell a pipeline
// (`set -o pipefail`) that lint found nothing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    stream.write = (_chunk, encoding, done) => {
      const callback = typeof encoding === 'function' ? encoding : done;
      if (typeof callback === 'function') queueMicrotask(() => callback());
      return true;
    };
  });
}
const { main } = await import('../scaffold/cli.ts');
process.exitCode = await main(process.argv);

#!/usr/bin/env node
// The CLI is written in TypeScript; tsx compiles it on the fly so that a fresh clone works
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scaffold/cli.ts');
process.exitCode = await main(process.argv);

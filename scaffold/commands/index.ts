import type { Command } from 'commander';
import { registerBuildCommand } from './build.ts';
import { registerConsolidateCommand } from './consolidate.ts';
import { registerDemoCommand } from './demo.ts';
import { registerDeployCommand } from './deploy.ts';
import { registerInitCommand } from './init.ts';
import { registerJobCommand } from './job.ts';
import { registerLintCommand } from './lint.ts';
import { registerPreviewCommand } from './preview.ts';
import { registerRunCommand } from './run.ts';

/** Every verb of the gtkit command, in the order a user meets them. */
export const commands: ReadonlyArray<(program: Command) => Command> = [
  registerInitCommand,
  registerPreviewCommand,
  registerRunCommand,
  registerLintCommand,
  registerBuildCommand,
  registerDeployCommand,
  registerJobCommand,
  registerConsolidateCommand,
  registerDemoCommand,
];

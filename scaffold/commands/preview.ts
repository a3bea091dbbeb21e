import type { Command } from 'commander';
import { UsageError } from '../cli/exit-codes.ts';
import { paint, processOutput, type Output } from '../cli/output.ts';
import type { PreviewServer } from '../preview/index.ts';

interface PreviewFlags {
  port?: string;
  offline?: boolean;
  presign: string;
  json?: boolean;
}

/** Parses `--port`: an integer 0–65535 (0 = a free port). */
export function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number 0–65535 (0 picks a free port), got ${JSON.stringify(value)}`);
  return port;
}

export function registerPreviewCommand(program: Command, output: Output = processOutput): Command {
  return program
    .command('preview')
    .description('Fill in the template in a browser: every manifest line through the PRE, live reload, answers captured for gtkit run')
    .argument('[task-dir]', 'task folder', '.')
    .option('-p, --port <port>', 'port on 127.0.0.1 (default: a free one)')
    .option('--offline', "use gtkit's stand-in Crowd HTML Elements without trying Amazon's script")
    .option('--presign <how>', "local: s3://bucket/key is <task>/s3/bucket/key; aws: real presigned URLs (needs AWS credentials)", 'local')
    .option('--json', 'print {"url": …} as JSON instead of a sentence')
    .addHelpText('after', '\nThe server listens on 127.0.0.1 only and runs until Ctrl-C (SIGINT) or SIGTERM.')
    .action(async (dir: string, flags: PreviewFlags) => {
      const port = parsePort(flags.port);
      if (flags.presign !== 'local' && flags.presign !== 'aws') throw new UsageError(`--presign must be local or aws, got ${JSON.stringify(flags.presign)}`);
      // The PRE's own Powertools logs would drown the preview's lines; WARN and up still show.
      process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
      // Loaded here, not with the program: the other verbs do not pay for the preview server.
      const { startPreview } = await import('../preview/index.ts');
      const server = await startPreview({ dir, port, ...(flags.offline ? { offline: true } : {}), presign: flags.presign, log: (line) => output.err(line) });
      // Listen for the signals before the URL is out: a script may stop us as soon as it reads it.
      const stopped = runUntilSignal(server, output);
      if (flags.json) output.out(JSON.stringify({ url: server.url, crowdScript: server.crowdScript.kind }));
      else output.out(`gtkit preview: ${paint('cyan', server.url)}  (Ctrl-C to stop)`);
      await stopped;
    });
}

/**
 * Keeps the preview up until SIGINT/SIGTERM. A task's PRE code that throws from a timer would
 * otherwise end the process; here it is reported and the preview goes on.
 */
async function runUntilSignal(server: PreviewServer, output: Output): Promise<void> {
  const report = (error: unknown) => output.err(`an error escaped the task's code (the preview keeps running): ${(error as Error)?.stack ?? String(error)}`);
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  try {
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        output.err(`gtkit preview: ${signal}, stopping`);
        void server.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  } finally {
    process.off('uncaughtException', report);
    process.off('unhandledRejection', report);
  }
}

import type { Command } from 'commander';
import { UsageError } from '../cli/exit-codes.ts';
import { paint, processOutput, type Output } from '../cli/output.ts';
import { startPreview } from '../preview/server.ts';

export function registerPreviewCommand(program: Command, output: Output = processOutput): Command {
  return program
    .command('preview')
    .description('Preview and fill in the template with each manifest line, with live reload')
    .argument('[task-dir]', 'task folder', '.')
    .option('-p, --port <port>', 'port on 127.0.0.1 (default: a free one)')
    .option('--offline', "use gtkit's stand-in elements without trying Amazon's script")
    .option('--presign <how>', 'local (serve the task\'s s3/ folder) or aws (real presigned URLs, needs credentials)', 'local')
    .action(async (dir: string, flags: { port?: string; offline?: boolean; presign: string }) => {
      const port = flags.port === undefined ? 0 : Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, got ${JSON.stringify(flags.port)}`);
      if (flags.presign !== 'local' && flags.presign !== 'aws') throw new UsageError(`--presign must be local or aws, got ${JSON.stringify(flags.presign)}`);
      const server = await startPreview({ dir, port, ...(flags.offline ? { offline: true } : {}), presign: flags.presign, log: (l) => output.err(l) });
      output.out(`gtkit preview: ${paint('cyan', server.url)}  (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        const stop = () => server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

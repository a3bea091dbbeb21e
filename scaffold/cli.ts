import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { CliError, ExitCode } from './cli/exit-codes.ts';
import { paint } from './cli/output.ts';
import { commands } from './commands/index.ts';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the `gtkit` program with every verb registered from its own module. */
export function createProgram(): Command {
  const program = new Command('gtkit')
    .description('Toolkit for Amazon SageMaker Ground Truth custom labeling workflows')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError('(run gtkit --help for the list of commands)')
    .showSuggestionAfterError(true)
    .exitOverride();
  for (const register of commands) {
    const sub = register(program);
    sub.exitOverride();
    sub.showHelpAfterError(`(run gtkit ${sub.name()} --help for its options)`);
  }
  return program;
}

/** Runs the CLI and returns the exit code (0 ok, 1 failure, 2 usage, 3 not available). */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are requested output, not errors; commander already printed its message.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return ExitCode.ok;
    }
    return ExitCode.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(`${paint('red', 'error', process.stderr)}: ${error.message}\n`);
    return error.exitCode;
  }
  const fileProblem = fileSystemMessage(error);
  if (fileProblem) {
    process.stderr.write(`${paint('red', 'error', process.stderr)}: ${fileProblem}\n`);
    return ExitCode.failure;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${paint('red', 'internal error', process.stderr)}: ${message}\n`);
  return ExitCode.failure;
}

/** What the file system refused (a missing or unreadable file, a folder where a file goes), in one line: the user's to fix, not a gtkit bug. */
const fileSystemReasons: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
};

export function fileSystemMessage(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  // mkdir's EEXIST means a file sits where a folder is needed; "already exists" alone does not say that.
  const reason = e?.code === 'EEXIST' && e.syscall === 'mkdir' ? 'is a file where a folder is needed' : e?.code ? fileSystemReasons[e.code] : undefined;
  if (!reason) return undefined;
  const path = e?.path ?? (typeof e?.message === 'string' ? /'([^']+)'/.exec(e.message)?.[1] : undefined);
  return `${path ? `${path}: ` : ''}${reason} (${e?.syscall ?? 'file system'}); check the path and its permissions`;
}

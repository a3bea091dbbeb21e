import { styleText } from 'node:util';
import { CliError } from './exit-codes.ts';

/** Colour only when the stream is a terminal and NO_COLOR is unset (https://no-color.org). */
export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

type Style = Parameters<typeof styleText>[0];

export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return useColour(stream) ? styleText(style, text) : text;
}

/** Where command output goes; tests swap it for a buffer. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** Lines a command printed on stdout; the CLI's --json answer to a failure must not be a second document. */
let printed = 0;

export function linesPrinted(): number {
  return printed;
}

/**
 * stdout's write as it is when gtkit starts. While a PRE or ACS runs in this process, its guard
 * sends stdout to stderr (run/handler-guard.ts), so that a handler's prints do not garble gtkit's
 * output; gtkit's own output (a `--json` document written on Ctrl-C during that call) must still
 * reach stdout, so it is written through this one.
 */
const stdoutWrite = process.stdout.write;

export const processOutput: Output = {
  out: (line) => {
    printed++;
    stdoutWrite.call(process.stdout, `${line}\n`);
  },
  err: (line) => process.stderr.write(`${line}\n`),
};

/** An error in one line, as `--json` reports it: the message of a CliError or of a refused file, else an internal error's message (its stack goes to stderr). */
export function errorLine(error: unknown): string {
  if (error instanceof CliError) return error.message;
  const fileProblem = fileSystemMessage(error);
  if (fileProblem) return fileProblem;
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}

/** What the file system refused (a missing or unreadable file, a folder where a file goes), in words: the user's to fix, not a gtkit bug. */
const fileSystemReasons: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long for the file system',
};

/** A file-system error's code in words, or undefined for a code not in the table (or no code). */
export function fileSystemReason(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  // mkdir's EEXIST means a file sits where a folder is needed; "already exists" alone does not say that.
  if (e?.code === 'EEXIST' && e.syscall === 'mkdir') return 'is a file where a folder is needed';
  return e?.code ? fileSystemReasons[e.code] : undefined;
}

/** A file-system error in one line, with its path and what to check; undefined when it is not one. */
export function fileSystemMessage(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  const reason = fileSystemReason(error);
  if (!reason) return undefined;
  const path = e?.path ?? (typeof e?.message === 'string' ? /'([^']+)'/.exec(e.message)?.[1] : undefined);
  return `${path ? `${path}: ` : ''}${reason} (${e?.syscall ?? 'file system'}); check the path and its permissions`;
}

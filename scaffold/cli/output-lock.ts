import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { CliError } from './exit-codes.ts';
import { fileSystemReason } from './output.ts';
import { shownPath } from './paths.ts';
import { onLeaving } from './stop-signals.ts';

/**
 * One gtkit at a time per result: `gtkit run` clears its job folder and `gtkit consolidate`
 * replaces its output while they work, so a second one writing the same place would mix its
 * files into the first one's and both would report success. The lock is a file beside the
 * result (`output.manifest.lock`) that names the process holding it.
 */
interface LockHolder {
  pid: number;
  host: string;
  command: string;
  started: string;
  /** This holder's own mark: a release removes the lock only while it is still the one it made. */
  token: string;
  /** When the holder's process started, as the system counts it (Linux); tells a reused pid from the holder. */
  processStart?: string;
}

/** What the lock guards, in the words the refusal uses. */
export interface LockPurpose {
  /** The command taking it, as the other process's refusal names it (`gtkit run`). */
  command: string;
  /** What it writes (`the folder .gtkit/run`), for the refusal. */
  writing: string;
  /** How to go around a busy lock (`give --out another folder`). */
  elsewhere: string;
  /** Told when a lock left by a process that is gone is taken over. */
  onNote?: (note: string) => void;
}

/** Another gtkit holds the lock: exit code 1, with its pid and what to do. */
export class OutputBusyError extends CliError {
  constructor(message: string) {
    super(message);
    this.name = 'OutputBusyError';
  }
}

/** The lock file could not be written (a read-only folder, a full disk): `reason` in words, for the caller to name its flag. */
export class LockWriteError extends Error {
  constructor(
    readonly lockFile: string,
    readonly reason: string,
  ) {
    super(`cannot write ${shownPath(lockFile)}: ${reason}`);
    this.name = 'LockWriteError';
  }
}

/** Tries to place the lock (and take over a stale one) this many times before giving up on a race. */
const attempts = 5;
/** A lock file that names no process is taken over only once it is older than this: before, its holder may still be writing it. */
const freshForMs = 5_000;
const freshPauseMs = 200;

function isFresh(lockFile: string): boolean {
  try {
    return Date.now() - statSync(lockFile).mtimeMs < freshForMs;
  } catch {
    return false;
  }
}

/** Waits without giving the thread back (the lock is taken synchronously, before any work starts). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Takes the lock `lockFile` for this process, or throws OutputBusyError when a running process
 * holds it. A lock whose process is gone (killed with SIGKILL, a crash of the machine) is taken
 * over, and `onNote` says so. The lock goes away when the returned function is called, and on
 * any way out before that (exit, Ctrl-C, SIGTERM).
 *
 * @example
 * const release = takeOutputLock(join(out, 'output.manifest.lock'), { command: 'gtkit run', writing: `the folder ${out}`, elsewhere: 'give --out another folder' });
 * try { await work(); } finally { release(); }
 */
export function takeOutputLock(lockFile: string, purpose: LockPurpose): () => void {
  const mine: LockHolder = { pid: process.pid, host: hostname(), command: purpose.command, started: new Date().toISOString(), token: randomUUID(), processStart: processStartOf(process.pid) };
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (place(lockFile, mine)) {
      const leave = onLeaving(() => removeIfMine(lockFile, mine.token));
      return () => {
        leave();
        removeIfMine(lockFile, mine.token);
      };
    }
    const found = readHolder(lockFile);
    // Gone between the try and the read: try again.
    if (found === 'missing') continue;
    // Where the file system has no hard links, a lock is created empty and written after: a fresh one that names nobody yet is being taken, not stale.
    if (found === 'unreadable' && isFresh(lockFile)) {
      pause(freshPauseMs);
      continue;
    }
    if (found !== 'unreadable') {
      if (found.host !== mine.host) throw busy(lockFile, found, purpose, `on the computer ${found.host}, where gtkit cannot tell whether it still runs`);
      if (isRunning(found)) throw busy(lockFile, found, purpose);
    }
    // Said either way: a caller without onNote gets it on stderr.
    if (setAside(lockFile, found)) (purpose.onNote ?? ((note: string) => process.stderr.write(`${note}\n`)))(takenOver(lockFile, found));
  }
  throw new CliError(`${shownPath(lockFile)}: could not be taken after ${attempts} tries (other gtkit processes keep taking it); try again, or ${purpose.elsewhere}`);
}

/**
 * Places the lock with its content whole: written under a name of its own, then linked to the
 * lock's name, which fails if a lock is there. A file system without hard links gets an
 * exclusive create instead. False when a lock is already there.
 */
function place(lockFile: string, holder: LockHolder): boolean {
  const text = `${JSON.stringify(holder)}\n`;
  const draft = `${lockFile}.${holder.token}`;
  try {
    writeFileSync(draft, text, { flag: 'wx' });
  } catch (error) {
    throw new LockWriteError(lockFile, fileSystemReason(error) ?? (error as Error).message);
  }
  try {
    linkSync(draft, lockFile);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw new LockWriteError(lockFile, fileSystemReason(error) ?? (error as Error).message);
    return createExclusive(lockFile, text);
  } finally {
    removeQuietly(draft);
  }
}

function createExclusive(lockFile: string, text: string): boolean {
  try {
    writeFileSync(lockFile, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LockWriteError(lockFile, fileSystemReason(error) ?? (error as Error).message);
  }
}

/** The holder a lock file names; `unreadable` for a file that names none (empty, edited by hand). */
function readHolder(lockFile: string): LockHolder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new LockWriteError(lockFile, fileSystemReason(error) ?? (error as Error).message);
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    // A pid of 0 or below would name a process group to process.kill, not a process.
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return 'unreadable';
    const processStart = typeof value.processStart === 'string' ? value.processStart : undefined;
    return { pid: value.pid as number, host: String(value.host ?? ''), command: String(value.command ?? 'gtkit'), started: String(value.started ?? ''), token: String(value.token ?? ''), processStart };
  } catch {
    return 'unreadable';
  }
}

/**
 * Whether the holder still runs: a process with its pid is there (one of another user counts: it
 * refuses the signal, but it is there), and, where the system says when processes started, it is
 * the same process, not a later one given the pid again.
 */
function isRunning(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (holder.processStart === undefined) return true;
  const now = processStartOf(holder.pid);
  return now === undefined || now === holder.processStart;
}

/**
 * When process `pid` started, in clock ticks since boot (field 22 of Linux's /proc/<pid>/stat),
 * or undefined where there is no such file. The command name before it is in parentheses and may
 * hold spaces or parentheses itself, so the fields are counted from its last `)`.
 */
function processStartOf(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // The fields after the name start at field 3 (the state), so field 22 is the 20th of them.
  const start = fields[19];
  return start !== undefined && /^\d+$/.test(start) ? start : undefined;
}

/**
 * Moves a stale lock out of the way. It is renamed first and looked at after: when another
 * gtkit took it over meanwhile and its fresh lock was moved instead, that lock is put back.
 * True when the stale lock was the one removed.
 */
function setAside(lockFile: string, stale: LockHolder | 'unreadable'): boolean {
  const aside = `${lockFile}.stale-${randomUUID()}`;
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new LockWriteError(lockFile, fileSystemReason(error) ?? (error as Error).message);
  }
  const moved = readHolder(aside);
  const same = stale === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.token === stale.token && moved.pid === stale.pid;
  if (!same) {
    try {
      linkSync(aside, lockFile);
    } catch {
      // A third lock is there by now: that one stands, and the moved one's holder finds its lock gone at release (it removes only its own).
    }
  }
  removeQuietly(aside);
  return same;
}

function removeIfMine(lockFile: string, token: string): void {
  const found = readHolder(lockFile);
  if (typeof found === 'object' && found.token === token) removeQuietly(lockFile);
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone, or the folder went read-only: nothing more to do on the way out.
  }
}

function busy(lockFile: string, holder: LockHolder, purpose: LockPurpose, where = ''): OutputBusyError {
  const since = holder.started ? `, started ${holder.started}` : '';
  return new OutputBusyError(
    `another ${holder.command} (pid ${holder.pid}${since}${where ? `, ${where}` : ''}) is writing ${purpose.writing}; wait for it to finish, or ${purpose.elsewhere} (if no gtkit is running there, delete ${shownPath(lockFile)})`,
  );
}

function takenOver(lockFile: string, stale: LockHolder | 'unreadable'): string {
  if (stale === 'unreadable') return `note: took over ${shownPath(lockFile)}, which names no process (empty or edited)`;
  return `note: took over ${shownPath(lockFile)}: the ${stale.command} that held it (pid ${stale.pid}${stale.started ? `, started ${stale.started}` : ''}) is gone, stopped before it could remove it`;
}

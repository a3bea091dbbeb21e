import { join, relative } from 'node:path';
import type { LoadedTask } from '../task/load-task.ts';
import type { PreviewProblem } from './problem.ts';
import { takeSnapshot, type SnapshotDeps, type TaskSnapshot } from './task-snapshot.ts';
import { TaskWatcher } from './watch-task.ts';

export interface LiveTaskOptions {
  configFile: string;
  taskDir: string;
  deps: SnapshotDeps;
  debounceMs?: number;
  /** Called once a change has been turned into a new snapshot (open pages should reload). */
  onReload(files: string, snapshot: TaskSnapshot, ms: number): void;
  log(line: string): void;
}

/**
 * A task that keeps itself current: a snapshot now, and a new one after every change to its
 * files. Pages always read the newest snapshot; a change that a newer one overtakes reloads
 * nothing.
 */
export class LiveTask {
  private generation = 0;
  private latest: Promise<TaskSnapshot>;
  private waiters: Array<(files: string) => void> = [];
  private watcher: TaskWatcher | undefined;
  private watchKey = '';
  private closed = false;

  private constructor(private readonly options: LiveTaskOptions) {
    this.latest = this.take();
  }

  static async start(options: LiveTaskOptions): Promise<LiveTask> {
    const live = new LiveTask(options);
    live.rewatch((await live.latest).task);
    return live;
  }

  /** The newest snapshot (a change being processed is waited for). */
  current(): Promise<TaskSnapshot> {
    return this.latest;
  }

  /** Resolves with the changed files after the next change has reloaded the pages. */
  nextReload(): Promise<string> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
  }

  private take(): Promise<TaskSnapshot> {
    const { configFile, deps } = this.options;
    return takeSnapshot(configFile, deps).catch((error: unknown) => ({
      items: [], manifestProblems: [], lintErrors: [], lintWarnings: [],
      fatal: [{ stage: 'config', file: configFile, line: 1, column: 1, message: `the preview failed: ${(error as Error).stack ?? String(error)}` } satisfies PreviewProblem],
    }));
  }

  private async refresh(files: string): Promise<void> {
    const mine = ++this.generation;
    const started = performance.now();
    this.latest = this.take();
    const snapshot = await this.latest;
    if (mine !== this.generation || this.closed) return;
    this.options.onReload(files, snapshot, performance.now() - started);
    this.rewatch(snapshot.task);
    const ready = this.waiters;
    this.waiters = [];
    for (const w of ready) w(files);
  }

  /** (Re)starts the watcher when the set of files outside the folder or the answers file moved. */
  private rewatch(task: LoadedTask | undefined): void {
    const { taskDir } = this.options;
    const outside = task ? Object.values(task.paths).filter((f) => relative(taskDir, f).startsWith('..')) : [];
    const ignore = [task?.paths.answers ?? join(taskDir, 'answers.jsonl')];
    const key = JSON.stringify([outside, ignore]);
    if ((key === this.watchKey && this.watcher) || this.closed) return;
    this.watcher?.close();
    this.watchKey = key;
    this.watcher = new TaskWatcher({
      dir: taskDir,
      outside,
      ignoreFiles: ignore,
      ...(this.options.debounceMs !== undefined ? { debounceMs: this.options.debounceMs } : {}),
      onChange: (changed) => void this.refresh(changed.join(', ')),
      onError: (error) => this.options.log(`watching ${taskDir}: ${error.message}`),
    });
  }
}

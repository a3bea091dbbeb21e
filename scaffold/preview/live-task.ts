import { join, relative, resolve } from 'node:path';
import type { LoadedTask } from '../task/load-task.ts';
import type { PreviewProblem } from './problem.ts';
import { takeSnapshot, type SnapshotDeps, type TaskSnapshot } from './task-snapshot.ts';
import { TaskWatcher } from './watch-task.ts';

export interface LiveTaskOptions {
  configFile: string;
  taskDir: string;
  deps: SnapshotDeps;
  debounceMs?: number;
  /** Called once a change has been turned into a new snapshot (open pages should reload); `version` numbers it. */
  onReload(files: string, snapshot: TaskSnapshot, ms: number, version: number): void;
  log(line: string): void;
}

/** A snapshot and its version: 0 for the first, one more for each change that reloaded the pages. */
export interface VersionedSnapshot {
  snapshot: TaskSnapshot;
  version: number;
}

/**
 * A task that keeps itself current: a snapshot now, and a new one after every change to its
 * files. Pages always read the newest snapshot; a change that a newer one overtakes reloads
 * nothing. Each snapshot the pages see has a version, so that a page rendered just before a
 * change, whose browser had not yet subscribed to reloads, can tell it is stale.
 */
export class LiveTask {
  private generation = 0;
  private version = 0;
  private readonly versions = new WeakMap<TaskSnapshot, number>();
  private latest: Promise<TaskSnapshot>;
  private waiters: Array<(files: string) => void> = [];
  private watcher: TaskWatcher | undefined;
  private watchKey = '';
  private closed = false;
  /** The template of the last snapshot that loaded the task: a change to it alone keeps the PRE results. */
  private templateFile: string | undefined;

  private constructor(private readonly options: LiveTaskOptions) {
    this.latest = this.take().then((snapshot) => {
      this.versions.set(snapshot, 0);
      return snapshot;
    });
  }

  static async start(options: LiveTaskOptions): Promise<LiveTask> {
    const live = new LiveTask(options);
    live.rewatch((await live.latest).task);
    return live;
  }

  /** The newest snapshot (a change being processed is waited for). */
  async current(): Promise<TaskSnapshot> {
    return (await this.currentVersion()).snapshot;
  }

  /**
   * The newest snapshot with its version. A change that starts while an older snapshot is
   * being computed is waited for too, so what a page renders is never older than its version.
   */
  async currentVersion(): Promise<VersionedSnapshot> {
    for (;;) {
      const pending = this.latest;
      const snapshot = await pending;
      if (pending !== this.latest && !this.closed) continue;
      // The refresh awaiting the same promise ran before this and numbered the snapshot.
      return { snapshot, version: this.versions.get(snapshot) ?? this.version };
    }
  }

  /** Resolves with the changed files after the next change has reloaded the pages. */
  nextReload(): Promise<string> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
  }

  /** A new snapshot; after `sameItemsAs`, with its PRE results (only the template changed since). */
  private take(sameItemsAs?: Promise<TaskSnapshot>): Promise<TaskSnapshot> {
    const { configFile, deps } = this.options;
    const taken = sameItemsAs ? sameItemsAs.then((previous) => takeSnapshot(configFile, deps, previous)) : takeSnapshot(configFile, deps);
    return taken.catch((error: unknown) => ({
      items: [], manifestProblems: [], lintErrors: [], lintWarnings: [],
      fatal: [{ stage: 'config', file: configFile, line: 1, column: 1, message: `the preview failed: ${(error as Error).stack ?? String(error)}` } satisfies PreviewProblem],
    }));
  }

  private async refresh(changed: string[]): Promise<void> {
    const files = changed.join(', ');
    const mine = ++this.generation;
    const started = performance.now();
    const onlyTemplate = this.templateFile !== undefined && changed.length > 0 && changed.every((f) => resolve(this.options.taskDir, f) === this.templateFile);
    this.latest = this.take(onlyTemplate ? this.latest : undefined);
    const snapshot = await this.latest;
    if (mine !== this.generation || this.closed) return;
    this.versions.set(snapshot, ++this.version);
    this.options.onReload(files, snapshot, performance.now() - started, this.version);
    this.rewatch(snapshot.task);
    const ready = this.waiters;
    this.waiters = [];
    for (const w of ready) w(files);
  }

  /** (Re)starts the watcher when the set of files outside the folder or the answers file moved. */
  private rewatch(task: LoadedTask | undefined): void {
    const { taskDir } = this.options;
    this.templateFile = task?.paths.template;
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
      onChange: (changed) => void this.refresh(changed),
      onError: (error) => this.options.log(`watching ${taskDir}: ${error.message}`),
    });
  }
}

import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

export interface TaskWatchOptions {
  /** The task folder, watched with everything below it. */
  dir: string;
  /** Files outside `dir` that the task uses (a config may point at a shared template). */
  outside?: string[];
  /** Files that change without being part of what the page shows (the answers file). */
  ignoreFiles?: string[];
  debounceMs?: number;
  /** Called once per burst of changes with the changed files (relative to `dir` when inside it). */
  onChange(files: string[]): void;
  onError?(error: Error): void;
}

/** Folders never worth a reload: build output, installs, version control. */
const ignoredFolders = new Set(['.gtkit', 'node_modules', '.git']);
/** inotify watches are a shared, limited resource; a task folder needs far fewer. */
const maxFolders = 2000;

/** Editor leftovers (vim swap and probe files, emacs locks, backup copies). */
function isEditorNoise(name: string): boolean {
  const base = basename(name);
  return base.endsWith('~') || /\.sw[a-p]x?$/.test(base) || base === '4913' || base.startsWith('.#');
}

/** Whether a change under the task folder (path relative to it) should reload the pages. */
export function isRelevantChange(relativePath: string, ignoreFiles: string[] = []): boolean {
  if (relativePath === '') return false;
  if (relativePath.split(/[\\/]/).some((p) => ignoredFolders.has(p))) return false;
  if (isEditorNoise(relativePath)) return false;
  return !ignoreFiles.includes(relativePath);
}

/**
 * Watches a task folder and calls `onChange` once per burst of changes (an editor's save is
 * often several events: write, rename, chmod).
 *
 * One non-recursive `fs.watch` per folder rather than `{ recursive: true }`: on Linux, Node 20's
 * recursive mode stops reporting a file once an editor saves it by writing a temporary file and
 * renaming it over the original (sed -i, vim, JetBrains' safe write), while a folder's own watch
 * keeps reporting every save. New folders are picked up as they appear.
 */
export class TaskWatcher {
  private readonly folders = new Map<string, FSWatcher>();
  private readonly others: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending = new Set<string>();
  private closed = false;
  private readonly ignore: string[];

  constructor(private readonly options: TaskWatchOptions) {
    this.ignore = (options.ignoreFiles ?? []).map((f) => relative(options.dir, f));
    this.watchTree(options.dir);
    const outside = (options.outside ?? []).filter((f) => relative(options.dir, f).startsWith('..'));
    for (const folder of new Set(outside.map((f) => dirname(f)))) {
      const names = new Set(outside.filter((f) => dirname(f) === folder).map((f) => basename(f)));
      this.open(folder, (name) => (names.has(name) ? join(folder, name) : undefined), (w) => this.others.push(w));
    }
  }

  /** Number of folders being watched (for tests and the log). */
  get folderCount(): number {
    return this.folders.size;
  }

  private watchTree(folder: string): void {
    if (this.closed || this.folders.has(folder)) return;
    if (this.folders.size >= maxFolders) {
      this.options.onError?.(new Error(`${folder}: not watched, the task has over ${maxFolders} folders`));
      return;
    }
    const rel = relative(this.options.dir, folder);
    const ok = this.open(folder, (name) => {
      const path = rel ? join(rel, name) : name;
      const full = join(folder, name);
      if (!isRelevantChange(path, this.ignore)) return undefined;
      if (safeIsDir(full)) this.watchTree(full); // a new (or moved-in) folder
      return path;
    }, (w) => this.folders.set(folder, w));
    if (!ok) return;
    let entries: string[] = [];
    try {
      entries = readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory() && !ignoredFolders.has(d.name)).map((d) => d.name);
    } catch {
      return;
    }
    for (const name of entries.sort()) this.watchTree(join(folder, name));
  }

  private open(folder: string, relevant: (name: string) => string | undefined, keep: (w: FSWatcher) => void): boolean {
    let watcher: FSWatcher;
    try {
      watcher = watch(folder);
    } catch (error) {
      this.options.onError?.(error as Error);
      return false;
    }
    watcher.on('change', (_event, file) => {
      const name = relevant(String(file ?? ''));
      if (name !== undefined) this.schedule(name);
    });
    // A folder that disappears must not take the server down; its parent reports the removal.
    watcher.on('error', (error) => {
      watcher.close();
      this.folders.delete(folder);
      if (existsSync(folder)) this.options.onError?.(error);
    });
    keep(watcher);
    return true;
  }

  private schedule(name: string): void {
    if (this.closed) return;
    this.pending.add(name);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.debounceMs ?? 25);
  }

  private flush(): void {
    if (this.closed) return;
    const names = [...this.pending];
    this.pending = new Set();
    // Temporary files of an atomic save are gone by now; name what is left.
    const present = names.filter((n) => existsSync(join(this.options.dir, n)) || existsSync(n));
    this.options.onChange(present.length ? present : names);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of [...this.folders.values(), ...this.others]) w.close();
    this.folders.clear();
  }
}

function safeIsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `loading` (an import of task code), failing if it stalls: a module whose top level awaits
 * something that never happens (a promise nothing settles, an event that never fires) leaves
 * nothing for Node to run, and Node would end the process with exit code 13 and not a word, no
 * `--json` document either. When the event loop runs dry while the import is still pending, it
 * fails instead, and the caller names the file that never finished loading. (A process that still has
 * work, such as the preview's server, keeps waiting, as Lambda's init would until its timeout.)
 */
export function unlessStalled<T>(loading: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stalled = () => reject(new Error(`it never finished loading: its top-level code waits for something that never happens (an await on a promise nothing settles, or an event that never fires); make its top level finish`));
    process.once('beforeExit', stalled);
    loading.then(
      (value) => {
        process.off('beforeExit', stalled);
        resolve(value);
      },
      (error: unknown) => {
        process.off('beforeExit', stalled);
        reject(error);
      },
    );
  });
}

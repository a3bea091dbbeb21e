import type { BatchState } from './acs-types.ts';

/**
 * One batch state seen by calls that run at once (consolidateObject with objectConcurrency > 1)
 * as if they ran one after another in input order. A call's load and save reach the state only
 * once every earlier call has finished, and in the order the call made them: a load sees what
 * the earlier objects saved, and the value saved last in input order is the batch's, whichever
 * call finishes first. A call that never touches the state never waits; one that does waits from
 * its first load or save on, so slow work before that still overlaps.
 *
 * @example
 * const ordered = new OrderedState(context.state, objects.length);
 * await consolidate(objects[i], { ...context, state: ordered.view(i) });
 * ordered.finish(i);
 */
export class OrderedState {
  private readonly finished: boolean[];
  /** Loads and saves a call made before its turn, in the order it made them. */
  private readonly waiting: Array<Array<() => void>>;
  /** The first call not finished yet: it, and any finished call, may reach the state now. */
  private turn = 0;

  constructor(
    private readonly state: BatchState,
    count: number,
  ) {
    this.finished = new Array<boolean>(count).fill(false);
    this.waiting = Array.from({ length: count }, () => []);
  }

  /** The state as call `index` sees it. */
  view(index: number): BatchState {
    return {
      uri: this.state.uri,
      load: <T>() => this.inTurn(index, () => this.state.load<T>()),
      save: (value: unknown) => this.saveInTurn(index, value, (v) => this.state.save(v)),
      loadShared: (merge) => this.inTurn(index, () => this.state.loadShared(merge)),
      contribute: (part, merge) => this.saveInTurn(index, part, (v) => this.state.contribute(v as typeof part, merge)),
    };
  }

  /** Call `index` has finished: the next calls' waiting loads and saves go through, in input order. */
  finish(index: number): void {
    this.finished[index] = true;
    while (this.turn < this.finished.length && this.finished[this.turn]) {
      this.turn++;
      this.release(this.turn);
    }
  }

  private saveInTurn(index: number, value: unknown, save: (value: unknown) => Promise<void>): Promise<void> {
    if (index <= this.turn) return save(value);
    // A save that has to wait keeps the value as it is now, as the state's own save does.
    const copy = jsonCopy(value);
    return this.inTurn(index, () => save(copy));
  }

  private inTurn<R>(index: number, op: () => Promise<R>): Promise<R> {
    if (index <= this.turn) return op();
    return new Promise<R>((resolve, reject) => this.waiting[index]?.push(() => op().then(resolve, reject)));
  }

  private release(index: number): void {
    const ops = this.waiting[index];
    if (!ops) return;
    this.waiting[index] = [];
    for (const op of ops) op();
  }
}

/**
 * The value as its JSON holds it now (what the state would store), or the value itself when it
 * has no JSON: the state's save then says why when it runs.
 */
function jsonCopy(value: unknown): unknown {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? value : (JSON.parse(text) as unknown);
  } catch {
    return value;
  }
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { partsPerSnapshot, partsSettleMs, readSharedState, sharedStateLayout, writeSharedPart, type SharedRead } from '../../../lambdas/handlers/acs-shared-state.ts';
import { storeBackedState } from '../../../lambdas/handlers/acs-state.ts';
import type { StateMerge } from '../../../lambdas/handlers/acs-types.ts';
import { MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';

// read142's repro of two snapshots of one generation built on different bases (its finding 1).

const stateUri = 's3://b/out/annotations/gtkit-state/consolidation.json';
const layout = sharedStateLayout(stateUri);
/** Each part counts 1: the total is the number of batches. */
const counter: StateMerge<{ n: number }> = {
  read: (value) => {
    if (typeof (value as { n?: unknown }).n !== 'number') throw new TypeError('n: expected a number');
    return value as { n: number };
  },
  merge: (parts) => ({ n: parts.reduce((sum, p) => sum + p.n, 0) }),
};
const idOf = (name: string) => createHash('sha256').update(name).digest('hex').slice(0, 32);

/** A memory store whose clock moves on a second at each listing and write: the repro's hundred-odd batches take minutes, not the 20 a part waits. */
function clockedStore() {
  const clock = { now: 1_800_000_000_000 };
  const store = Object.assign(new MemoryObjectStore(), { now: () => (clock.now += 1000) });
  return { store, clock };
}
const read = (store: MemoryObjectStore, batchId: string) => readSharedState(store, layout, batchId, counter, silentLogger);
const write = (store: MemoryObjectStore, batchId: string, r: SharedRead<{ n: number }> | undefined) => writeSharedPart(store, layout, batchId, '{"n":1}', r as SharedRead<unknown> | undefined, silentLogger);
async function oneAfterAnother(store: MemoryObjectStore, tag: string, batches: number) {
  for (let i = 0; i < batches; i++) {
    const id = idOf(`${tag}${i}`);
    await write(store, id, await read(store, id));
  }
}
const total = async (store: MemoryObjectStore) => (await storeBackedState(store, stateUri, silentLogger, () => '-'.repeat(32)).loadShared(counter))?.n;
const keysUnder = (store: MemoryObjectStore, prefix: string) => [...store.objects.keys()].filter((k) => k.startsWith(prefix));

describe('a snapshot built on a sibling of the base another batch prunes', () => {
  // 16 choices of ids: in some, the snapshot built on the sibling sorts last and wins its generation.
  it.each(Array.from({ length: 16 }, (_, trial) => trial))('trial %i: no batch is lost, and the parts go once they are old enough', async (trial) => {
    const { store, clock } = clockedStore();
    await oneAfterAnother(store, `o${trial}-`, partsPerSnapshot - 1);
    const aPrime = idOf(`aprime${trial}`);
    const a = idOf(`a${trial}`);
    // A' and A list together; A' writes X' (generation 1) at once, A is slow.
    const readAPrime = await read(store, aPrime);
    const readA = await read(store, a);
    await write(store, aPrime, readAPrime);
    await oneAfterAnother(store, `m${trial}-`, partsPerSnapshot - 1);
    // B3 lists X' and the parts since, then stalls.
    const b3 = idOf(`b3${trial}`);
    const readB3 = await read(store, b3);
    // A writes its part a and X (generation 1); B builds generation 2 on the last of them and prunes.
    await write(store, a, readA);
    const b = idOf(`b${trial}`);
    await write(store, b, await read(store, b));
    // B3 writes its generation 2 on X', without a.
    await write(store, b3, readB3);
    expect(await total(store)).toBe(2 * partsPerSnapshot + 2);
    await oneAfterAnother(store, `z${trial}-`, 40);
    expect(await total(store)).toBe(2 * partsPerSnapshot + 42);
    // Later, past partsSettleMs (twice: the last parts stored now are folded only after the first
    // wait): every part stored by then is deleted, and still nothing is lost.
    const stored = keysUnder(store, layout.parts);
    expect(stored).toContain(`${layout.parts}${a}.json`);
    clock.now += partsSettleMs;
    await oneAfterAnother(store, `x${trial}-`, partsPerSnapshot);
    clock.now += partsSettleMs;
    await oneAfterAnother(store, `y${trial}-`, 2 * partsPerSnapshot);
    expect(await total(store)).toBe(5 * partsPerSnapshot + 42);
    expect(keysUnder(store, layout.parts).filter((k) => stored.includes(k))).toEqual([]);
  });
});

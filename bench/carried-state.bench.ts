import { acsHandler } from '../lambdas/index.ts';
import { taskConsolidation, textClassification } from '../lambdas/task-types/index.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../lambdas/testing/index.ts';
import type { BenchResult } from './types.ts';

/**
 * The carried consolidation state over a long job (a streaming job's batches of one object):
 * a text-classification ACS with Dawid–Skene on a memory store, one object and 3 workers per
 * batch, and what the state holds after N batches (files, bytes, the newest snapshot) and how many
 * objects the last batch listed. Pruning keeps these flat however long the job runs.
 *
 * The store's clock moves on one second per batch (a job that consolidates a batch a second): a
 * part is deleted only once it was folded into a snapshot 20 minutes before (partsSettleMs), so
 * on a clock that stood still nothing would be pruned, and the figures depend on the rate.
 */
const labels = ['a', 'b', 'c'];

async function runBatches(batches: number): Promise<Array<string | number>> {
  let clock = Date.UTC(2026, 0, 1);
  const store = Object.assign(new MemoryObjectStore(), { now: () => clock });
  let listed = 0;
  const list = store.list.bind(store);
  store.list = async (prefix: string) => {
    const out = await list(prefix);
    listed += out.length;
    return out;
  };
  const consolidation = taskConsolidation(textClassification, { algorithm: 'dawid-skene', labels });
  const handler = acsHandler({ store, logger: silentLogger, parseAnswer: consolidation.parseAnswer, consolidateBatch: consolidation.consolidateBatch });
  const started = performance.now();
  let lastListed = 0;
  for (let i = 0; i < batches; i++) {
    clock += 1000;
    const truth = labels[i % 3] as string;
    const payload = buildAcsPayload([{ datasetObjectId: i, answers: ['w1', 'w2', 'w3'].map((w, k) => ({ workerId: w, answer: { category: { label: k === 2 && i % 5 === 0 ? 'c' : truth } } })) }]);
    const uri = `s3://gtkit-bench/requests/${i}.json`;
    await store.putText(uri, JSON.stringify(payload));
    const before = listed;
    await invokeAcs(handler, buildAcsEvent({ payloadUri: uri, labelAttributeName: 'intent' }));
    lastListed = listed - before;
    store.objects.delete(uri);
  }
  const seconds = (performance.now() - started) / 1000;
  const state = [...store.objects].filter(([key]) => key.includes('/gtkit-state/'));
  const snapshots = state.filter(([key]) => key.includes('/snapshots/')).sort(([a], [b]) => (a < b ? -1 : 1));
  const newest = snapshots.at(-1)?.[1] ?? '';
  const bytes = state.reduce((n, [, text]) => n + Buffer.byteLength(text), 0);
  return [batches, snapshots.length, state.filter(([key]) => key.includes('/batches/')).length, (bytes / 1000).toFixed(1), (Buffer.byteLength(newest) / 1000).toFixed(1), lastListed, ((seconds / batches) * 1000).toFixed(2)];
}

export async function run(): Promise<BenchResult> {
  const rows = [];
  for (const batches of [300, 3_000, 30_000]) rows.push(await runBatches(batches));
  const metrics: Record<string, number> = {};
  for (const [batches, snapshots, parts, kb, newestKb, listed] of rows) {
    metrics[`state_kb_after_${batches}`] = Number(kb);
    metrics[`files_after_${batches}`] = Number(snapshots) + Number(parts);
    metrics[`newest_snapshot_kb_after_${batches}`] = Number(newestKb);
    metrics[`listed_by_last_batch_after_${batches}`] = Number(listed);
  }
  return {
    name: 'carried-state',
    tables: [{ title: 'carried consolidation state after N one-object batches (text classification, Dawid–Skene, 3 workers, memory store)', columns: ['batches', 'snapshots', 'parts', 'state KB', 'newest snapshot KB', 'objects the last batch listed', 'ms per batch'], rows }],
    metrics,
  };
}

import { describe, expect, it } from 'vitest';
import { lintErrorsInChunks, type RunLintFinding } from '../../../scaffold/run/lint-in-chunks.ts';

const input = (i: number) => ({ origin: `m.jsonl:${i + 1}`, taskInput: { n: i } });
const finding = (severity: string, message: string): RunLintFinding => ({ severity, ruleId: 'r', message, file: 't.html', line: 1, column: 1 });

/** A lint that finds an error for input `bad`, counting the lines it saw (as task-input-path does), and a warning every time. */
function fakeLint(bad?: number) {
  const calls: number[] = [];
  const lint = async (inputs: Array<{ origin: string; taskInput: unknown }>) => {
    calls.push(inputs.length);
    const hit = inputs.find((x) => (x.taskInput as { n: number }).n === bad);
    return [finding('warning', 'a warning'), ...(hit ? [finding('error', `${hit.origin} is wrong (1 of ${inputs.length} lines)`)] : [])];
  };
  return { lint, calls };
}

describe('lintErrorsInChunks', () => {
  it('lints a chunk at a time and tells how many each held; no errors, nothing returned (the run does not use warnings)', async () => {
    const { lint, calls } = fakeLint();
    const told: number[] = [];
    expect(await lintErrorsInChunks(lint, 1_050, input, (n) => told.push(n), 500)).toEqual([]);
    expect(calls).toEqual([500, 500, 50]);
    expect(told).toEqual([500, 500, 50]);
  });

  it('an error in any chunk: the whole set is linted in one call, so its errors (and counts) are those of one call', async () => {
    const { lint, calls } = fakeLint(1_020);
    expect(await lintErrorsInChunks(lint, 1_050, input, undefined, 500)).toEqual([finding('error', 'm.jsonl:1021 is wrong (1 of 1050 lines)')]);
    expect(calls).toEqual([500, 500, 50, 1_050]);
  });

  it('up to one chunk, and an empty set (lint still checks the source), is one call as before', async () => {
    const { lint, calls } = fakeLint(3);
    expect(await lintErrorsInChunks(lint, 10, input, undefined, 500)).toEqual([finding('error', 'm.jsonl:4 is wrong (1 of 10 lines)')]);
    expect(await lintErrorsInChunks(lint, 0, input, undefined, 500)).toEqual([]);
    expect(calls).toEqual([10, 0]);
  });
});

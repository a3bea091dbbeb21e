import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import type { LintElement } from '../../../templates/lint/types.ts';
import { lintTemplate, type LintTaskInput } from '../../../templates/lint/index.ts';

// Every element list lint parses, held weakly: a page lint still holds survives a full collection.
const parsed = vi.hoisted(() => [] as Array<WeakRef<LintElement[]>>);
vi.mock('../../../templates/lint/html.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../templates/lint/html.ts')>();
  return {
    ...real,
    parseDocument(...args: Parameters<typeof real.parseDocument>) {
      const parsedDocument = real.parseDocument(...args);
      parsed.push(new WeakRef(parsedDocument.elements));
      return parsedDocument;
    },
  };
});

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const script = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>';
// Reads a path only some lines have, so the finding counts lines over all the pages.
const template = `${script}<crowd-form><p>{{ task.input.title }}</p>{% for l in task.input.labels %}<crowd-checkbox name="c{{ l }}">{{ l }}</crowd-checkbox>{% endfor %}</crowd-form>`;
const inputAt = (i: number): LintTaskInput => ({ origin: `manifest.jsonl:${i + 1}`, taskInput: { ...(i % 3 === 0 ? {} : { title: `t${i}` }), labels: ['a', 'b', 'c'] } });

describe('lint renders and checks one page at a time', () => {
  it('drops each page before it takes the next task input', async () => {
    const count = 12;
    const aliveWhenTaken: number[] = [];
    async function* inputs() {
      for (let i = 0; i < count; i++) {
        // Out of lint's synchronous work, so nothing is kept alive for the job that made it.
        await new Promise((resolve) => setImmediate(resolve));
        collectGarbage();
        // parsed[0] is the source, which lint keeps to the end; the rest are pages.
        aliveWhenTaken.push(parsed.slice(1).filter((ref) => ref.deref() !== undefined).length);
        yield inputAt(i);
      }
    }
    parsed.length = 0;
    const findings = await lintTemplate(template, { file: 't.html', taskInputs: inputs() });
    expect(parsed).toHaveLength(count + 1);
    // Holding every page until the end, lint had 0, 1, 2, … 11 alive; now none outlives its checks.
    expect(aliveWhenTaken).toEqual(new Array<number>(count).fill(0));
    expect(findings.map((f) => f.message)).toEqual(['task.input.title is not in the PRE output for 4 of 12 sample line(s) (first: manifest.jsonl:1), so it renders empty']);
  });

  it('takes the task inputs lazily, and says the same of a lazy sequence as of an array', async () => {
    // Pages parsed when each input is taken: one per input before it, so none is taken early.
    const pagesWhenTaken: number[] = [];
    function* inputs() {
      for (let i = 0; i < 30; i++) {
        pagesWhenTaken.push(parsed.length - 1);
        yield inputAt(i);
      }
    }
    parsed.length = 0;
    const lazy = await lintTemplate(template, { file: 't.html', taskInputs: inputs() });
    expect(pagesWhenTaken).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(lazy).toEqual(await lintTemplate(template, { file: 't.html', taskInputs: Array.from({ length: 30 }, (_, i) => inputAt(i)) }));
    expect(lazy.map((f) => f.message)).toEqual(['task.input.title is not in the PRE output for 10 of 30 sample line(s) (first: manifest.jsonl:1), so it renders empty']);
  });

  it('does not read the task inputs when the Liquid does not parse', async () => {
    let taken = 0;
    function* inputs() {
      taken++;
      yield inputAt(0);
    }
    const findings = await lintTemplate(`${script}<crowd-form>{% if task.input.title %}</crowd-form>`, { file: 't.html', taskInputs: inputs() });
    expect(findings.map((f) => f.ruleId)).toContain('liquid-syntax');
    expect(taken).toBe(0);
  });

  it('closes a sequence it does not read, as a finished loop would (helper-54)', async () => {
    let closed = 0;
    const stream: AsyncIterable<LintTaskInput> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: false, value: inputAt(0) }),
        return: () => {
          closed++;
          return Promise.resolve({ done: true, value: undefined });
        },
      }),
    };
    await lintTemplate(`${script}<crowd-form>{% if task.input.title %}</crowd-form>`, { file: 't.html', taskInputs: stream });
    expect(closed).toBe(1);
  });

  it('reports a place whose paths are built from the data once past a few shapes, not once per line (helper-54)', async () => {
    const built = `${script}<crowd-form><p>{{ task.input.names[task.input.id] }}</p><crowd-input name="a"></crowd-input></crowd-form>`;
    function* inputs() {
      for (let i = 0; i < 2_000; i++) yield { origin: `m.jsonl:${i + 1}`, taskInput: { id: `item-${i}`, names: {} } };
    }
    const messages = (await lintTemplate(built, { file: 't.html', taskInputs: inputs() })).map((f) => f.message);
    expect(messages).toHaveLength(4);
    expect(messages).toContain('task.input.names.item-3 and other paths read here (a path built from the data?) are not in the PRE output for 1997 of 2000 sample line(s) (first: m.jsonl:4), so they render empty');
  });
});

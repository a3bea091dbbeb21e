import { taskTemplates } from '../templates/catalog/index.ts';
import { compileTemplate } from '../templates/engine/index.ts';
import { lintTemplate } from '../templates/lint/index.ts';
import { fmt, medianSeconds } from './measure.ts';
import type { BenchResult } from './types.ts';

/** Renders per second with the parsed template cached, and lint time per template, for every catalog template. */
export async function run(): Promise<BenchResult> {
  const rows: Array<Array<string | number>> = [];
  const metrics: Record<string, number> = {};
  let slowestLintMs = 0;
  let slowestRenders = Number.POSITIVE_INFINITY;
  for (const t of Object.values(taskTemplates)) {
    const compiled = compileTemplate(t.source, { file: `${t.type}.liquid.html` });
    const input = t.sampleTaskInputs[0];
    const n = 2000;
    const seconds = await medianSeconds(async () => {
      for (let i = 0; i < n; i++) await compiled.render(input);
    }, 5, 1);
    const rendersPerSecond = n / seconds;
    const lintSeconds = await medianSeconds(() => lintTemplate(t.source, { file: t.type, taskInputs: [{ origin: 'sample', taskInput: input }] }), 5, 2);
    rows.push([t.type, t.source.length, fmt(rendersPerSecond, 0), fmt(lintSeconds * 1000, 2)]);
    metrics[`${t.type}_renders_per_second`] = rendersPerSecond;
    metrics[`${t.type}_lint_ms`] = lintSeconds * 1000;
    slowestLintMs = Math.max(slowestLintMs, lintSeconds * 1000);
    slowestRenders = Math.min(slowestRenders, rendersPerSecond);
  }
  return {
    name: 'templates',
    tables: [{ title: 'Catalog templates: renders per second (parsed template cached) and lint time (with one task input)', columns: ['template', 'chars', 'renders/s', 'lint ms'], rows }],
    metrics,
    targets: [
      { what: 'renders per second, slowest catalog template', target: '≥ 5,000/s', measured: `${fmt(slowestRenders, 0)}/s`, met: slowestRenders >= 5000 },
      { what: 'lint time, slowest catalog template', target: '≤ 50 ms', measured: `${fmt(slowestLintMs, 2)} ms`, met: slowestLintMs <= 50 },
    ],
  };
}

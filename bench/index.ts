import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult, BenchTable } from './types.ts';

// Runs every bench/*.bench.ts (or only those whose name contains an argument), prints their
// tables and writes bench/results/<name>.json. With more than one bench, each runs in a child
// process of this script.
const here = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);

function printTable(table: BenchTable): void {
  const cells = [table.columns, ...table.rows.map((r) => r.map(String))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${table.title}`);
  console.log(line(table.columns));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of cells.slice(1)) console.log(line(row));
}

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });

// Several benches: each in a process of its own, so one bench's memory figures do not include
// what the benches before it left on the heap (the dry run read 461 MB after the others, 363 MB alone).
if (files.length > 1) {
  let failed = 0;
  for (const file of files) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), file], { stdio: 'inherit' });
    if (child.status !== 0) failed++;
  }
  console.log(`\nran ${files.length} benches, each in its own process; results in ${outDir}${failed ? `; ${failed} failed` : ''}`);
  process.exit(failed ? 1 : 0);
}

const all: BenchResult[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  console.log(`\n=== ${file}`);
  const result = await mod.run();
  for (const table of result.tables) printTable(table);
  if (result.targets?.length) {
    printTable({
      title: `${result.name}: targets`,
      columns: ['what', 'target', 'measured', 'met'],
      rows: result.targets.map((t) => [t.what, t.target, t.measured, t.met ? 'yes' : 'NO']),
    });
  }
  writeFileSync(join(outDir, `${result.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  all.push(result);
}
console.log(`\nwrote ${all.length} result file(s) to ${outDir}`);

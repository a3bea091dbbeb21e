import { readFile } from 'node:fs/promises';
import { isObject, type JsonObject } from '../../lambdas/contracts/check.ts';
import { scoreAgainstGold, type GoldScore } from '../../lambdas/consolidation/scoring.ts';
import { isConsolidationFailure } from '../../lambdas/handlers/acs-types.ts';
import { UsageError } from '../cli/exit-codes.ts';
import { withoutBom } from '../run/json-lines.ts';

/**
 * A gold file: CSV lines `datasetObjectId,label` (a first line `datasetObjectId,label` is a header;
 * a field may be in double quotes, `""` for a quote inside), or JSON lines
 * `{"datasetObjectId": "0", "label": "cat"}`. JSON lines when the file's first non-blank character
 * is `{`. Blank lines are skipped; anything else that does not read is a usage error naming the line.
 */
export async function readGoldFile(file: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = withoutBom(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--gold ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const json = text.trimStart().startsWith('{');
  const gold = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `--gold ${file}:${i + 1}`;
    const pair = json ? jsonPair(line, where) : csvPair(line, where);
    if (pair === undefined) return;
    const [id, label] = pair;
    if (gold.has(id) && gold.get(id) !== label) throw new UsageError(`${where}: datasetObjectId ${id} has two gold labels (${JSON.stringify(gold.get(id))} and ${JSON.stringify(label)}); keep one`);
    gold.set(id, label);
  });
  if (gold.size === 0) throw new UsageError(`--gold ${file}: no gold labels in it; give CSV lines datasetObjectId,label or JSON lines {"datasetObjectId":"0","label":"cat"}`);
  return gold;
}

function jsonPair(line: string, where: string): [string, string] {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new UsageError(`${where}: not valid JSON (${(error as Error).message}); each line is {"datasetObjectId":"0","label":"cat"}`);
  }
  const id = isObject(value) ? value.datasetObjectId : undefined;
  const label = isObject(value) ? value.label : undefined;
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof label !== 'string') throw new UsageError(`${where}: expected {"datasetObjectId":"0","label":"cat"} (the id a string or number, the label a string)`);
  return [String(id), label];
}

function csvPair(line: string, where: string): [string, string] | undefined {
  const fields = csvFields(line);
  if (fields?.length !== 2 || fields[0] === '' || fields[1] === '') throw new UsageError(`${where}: expected datasetObjectId,label (two fields; quote a label holding a comma), got ${JSON.stringify(line.slice(0, 80))}`);
  const [id, label] = fields as [string, string];
  // The header, when there is one.
  if (id === 'datasetObjectId' && label === 'label') return undefined;
  return [id, label];
}

/** A CSV line's fields, or undefined when a quote is left open. */
function csvFields(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') fields.push(field), (field = '');
    else field += c;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields.map((f) => f.trim());
}

/**
 * The output lines' class labels (`class-name` in the metadata; null for an object that was not
 * consolidated) by datasetObjectId, scored against gold in the labels' order.
 */
export function scoreOutput(lines: ReadonlyMap<string, JsonObject>, attr: string, gold: ReadonlyMap<string, string>, labels: readonly string[]): GoldScore {
  const predicted = new Map<string, string | null>();
  for (const [id, line] of lines) {
    const metadata = line[`${attr}-metadata`];
    const name = isObject(metadata) ? metadata['class-name'] : undefined;
    predicted.set(id, !isConsolidationFailure(line[attr]) && typeof name === 'string' ? name : null);
  }
  return scoreAgainstGold(predicted, gold, labels);
}

/** The score as lines for a terminal: accuracy, then a row per class, then the confusion matrix. */
export function goldScoreLines(score: GoldScore, file: string): string[] {
  const f = (x: number) => x.toFixed(4);
  const out = [`gold (${file}): accuracy ${f(score.accuracy)} on ${score.scored} objects, macro F1 ${f(score.macroF1)}${score.missing > 0 ? `; ${score.missing} gold objects have no output line` : ''}`];
  const width = Math.max(5, ...score.classes.map((c) => c.label.length));
  out.push(`  ${'class'.padEnd(width)}  precision  recall      F1  support`);
  for (const c of score.classes) out.push(`  ${c.label.padEnd(width)}  ${f(c.precision).padStart(9)}  ${f(c.recall).padStart(6)}  ${f(c.f1).padStart(6)}  ${String(c.support).padStart(7)}`);
  out.push(`  confusion (rows gold, columns output; last column: not consolidated):`);
  const cell = Math.max(6, ...score.confusion.matrix.flat().map((n) => String(n).length + 1));
  const rowNames = score.confusion.labels.map((l, i) => `${i} ${l}`);
  const nameWidth = Math.max(...rowNames.map((n) => n.length));
  out.push(`  ${''.padEnd(nameWidth)}${score.confusion.labels.map((_, j) => String(j).padStart(cell)).join('')}${'none'.padStart(cell)}`);
  score.confusion.matrix.forEach((row, i) => out.push(`  ${(rowNames[i] ?? '').padEnd(nameWidth)}${row.map((n) => String(n).padStart(cell)).join('')}`));
  return out;
}

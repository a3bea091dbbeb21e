import { listText } from '../../lambdas/contracts/list-text.ts';

/** Line numbers a message names before it only counts the rest, as the counted problems of a run and of lint do. */
export const namedLines = 10;

/** `line 4`, `lines 1, 2, 3 and 7 more`: manifest lines as counted problems name them. */
export function lineList(numbers: readonly number[]): string {
  return `${numbers.length === 1 ? 'line' : 'lines'} ${listText(numbers.map(String), namedLines)}`;
}

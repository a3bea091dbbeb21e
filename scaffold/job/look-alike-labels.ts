/**
 * Labels a worker cannot tell apart. A worker reads labels as the browser draws them: spaces at
 * the ends are not seen, a run of spaces is drawn as one, a composed "é" and an "e" with a
 * combining accent are the same letter, and zero-width characters show nothing. Two labels that
 * differ only there are one label on the page, and the workers' votes split between the two
 * classes without a word. Labels that differ only in case are told apart, but easily taken for
 * one another.
 */

/** Characters that draw nothing: soft hyphen, zero-width space, left-to-right and right-to-left marks, word joiner, BOM. */
const invisible = /[\u00ad\u200b\u200e\u200f\u2060\ufeff]/g;

/** A label as a worker sees it: trimmed, its spaces drawn as one, its invisible characters dropped, in NFC. */
export function labelAsSeen(label: string): string {
  return label.replace(invisible, '').replace(/\s+/g, ' ').trim().normalize('NFC');
}

/** A label as seen, without case (upper then lower case: "ß" and "SS" meet as "ss", as case folding has it). */
function labelWithoutCase(label: string): string {
  return labelAsSeen(label).toUpperCase().toLowerCase().normalize('NFC');
}

export interface LookAlikePair {
  /** Index of the earlier label. */
  first: number;
  /** Index of the later one, where the problem is reported. */
  second: number;
  /** `same`: the very same string; `seen-alike`: the same on the page; `case`: the same but for case. */
  kind: 'same' | 'seen-alike' | 'case';
  /** For `seen-alike`: what tells the two apart, in words (for the message). */
  difference?: string;
}

/**
 * Each label that looks like an earlier one, paired with the first such label; a label given
 * twice is a pair of kind `same` (a plain duplicate, which the job check says on its own).
 *
 * @example lookAlikeLabels(['refund', 'Refund', 'refund ']) // [{ first: 0, second: 1, kind: 'case' }, { first: 0, second: 2, kind: 'seen-alike', difference: 'spaces' }]
 */
export function lookAlikeLabels(labels: readonly string[]): LookAlikePair[] {
  const pairs: LookAlikePair[] = [];
  const firstSeen = new Map<string, number>();
  const firstWithoutCase = new Map<string, number>();
  labels.forEach((label, i) => {
    const seen = labelAsSeen(label);
    const earlier = firstSeen.get(seen);
    if (earlier !== undefined) {
      pairs.push(labels[earlier] === label ? { first: earlier, second: i, kind: 'same' } : { first: earlier, second: i, kind: 'seen-alike', difference: differenceOf(labels[earlier]!, label) });
      return;
    }
    firstSeen.set(seen, i);
    const caseless = labelWithoutCase(label);
    const sameButCase = firstWithoutCase.get(caseless);
    if (sameButCase !== undefined) pairs.push({ first: sameButCase, second: i, kind: 'case' });
    else firstWithoutCase.set(caseless, i);
  });
  return pairs;
}

/** What makes two labels that look alike different strings, for the message: each way whose undoing alone leaves them apart. */
function differenceOf(a: string, b: string): string {
  const noInvisible = (s: string) => s.replace(invisible, '');
  const spacesAsSeen = (s: string) => s.replace(/\s+/g, ' ').trim();
  const differ = (as: (s: string) => string) => as(a) !== as(b);
  const ways = [
    ...(differ((s) => noInvisible(s).normalize('NFC')) ? ['spaces'] : []),
    ...(differ((s) => spacesAsSeen(noInvisible(s))) ? ['how an accented letter is encoded, composed or not (Unicode NFC or NFD)'] : []),
    ...(differ((s) => spacesAsSeen(s).normalize('NFC')) ? ['invisible characters'] : []),
  ];
  return ways.length > 0 ? ways.join(' and ') : 'characters a worker does not see';
}

/** Whether a label has white space at either end, which the page does not show but an answer must carry to match. */
export function hasSpaceAtEnds(label: string): boolean {
  return label !== label.trim();
}

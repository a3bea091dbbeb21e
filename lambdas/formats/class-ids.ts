/**
 * The class id of each label: its first place in `classes`, else the next id after them in the
 * order the labels first come (ids that hold only within this call, named in its `class-map`,
 * so a label outside the classes is kept and readable rather than dropped). Looked up once per
 * distinct label (a scan of `classes`), so many marks of few labels cost little.
 */
export function classIdsOf(labels: Iterable<string>, classes: readonly string[]): Map<string, number> {
  const ids = new Map<string, number>();
  let next = classes.length;
  for (const label of labels) {
    if (ids.has(label)) continue;
    const at = classes.indexOf(label);
    ids.set(label, at >= 0 ? at : next++);
  }
  return ids;
}

/** Distinct labels looked up by a scan of the classes each before one pass indexes them all. */
const scansBeforeIndex = 16;

/**
 * The class id of each label: its first place in `classes`, else the next id after them in the
 * order the labels first come (ids that hold only within this call, named in its `class-map`,
 * so a label outside the classes is kept and readable rather than dropped). A few distinct
 * labels are each looked up by a scan of `classes`; past that, one pass indexes the classes, so
 * an answer with thousands of labels costs linear time, not a scan per label.
 */
export function classIdsOf(labels: Iterable<string>, classes: readonly string[]): Map<string, number> {
  const ids = new Map<string, number>();
  let next = classes.length;
  let index: Map<string, number> | undefined;
  for (const label of labels) {
    if (ids.has(label)) continue;
    if (!index && ids.size >= scansBeforeIndex) index = firstPlaces(classes);
    const at = index ? (index.get(label) ?? -1) : classes.indexOf(label);
    ids.set(label, at >= 0 ? at : next++);
  }
  return ids;
}

/** Each class's first place in the list (a repeated class keeps its first, as indexOf does). */
function firstPlaces(classes: readonly string[]): Map<string, number> {
  const places = new Map<string, number>();
  classes.forEach((c, i) => {
    if (!places.has(c)) places.set(c, i);
  });
  return places;
}

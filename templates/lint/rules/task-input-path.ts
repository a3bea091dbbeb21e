import type { MissingRead, PageRule } from '../types.ts';

/**
 * The reads of one place and path shape: the first, and how many task inputs read it (counted
 * per page as it is checked; lint gives each task input its own origin, a manifest line).
 */
interface ReadGroup {
  first: MissingRead;
  lines: number;
  /** The page counted last, so that a page that reads it twice counts once. */
  lastPage: number;
}

/**
 * Path shapes one place reports on its own. A path built from the data (`names[task.input.id]`)
 * is a new shape on every line: past this many, a place's further shapes share one finding, so
 * findings and memory do not grow with the lines.
 */
const shapesPerPlace = 3;

/**
 * Every `task.input` path the template reads must be in what the PRE returns for the sample
 * manifest lines. Found by rendering each PRE output and noting reads of keys it lacks; reads
 * that test on purpose (`{% if %}`, `{% unless %}`, `{% case %}`, `| default`, a `for` with an
 * `else`) do not count. Without task inputs the rule has nothing to check.
 */
export const taskInputPath: PageRule = {
  id: 'task-input-path',
  description: 'task.input paths the PRE does not produce (needs task inputs)',
  checkPages(ctx) {
    // One finding per place and path shape (`items[*].x`), naming how many lines lack it.
    const groups = new Map<string, ReadGroup>();
    const shapesAt = new Map<number, number>();
    // Per place, the reads past its shapesPerPlace shapes, as one group.
    const others = new Map<number, ReadGroup>();
    let pages = 0;
    const count = (group: ReadGroup) => {
      if (group.lastPage === pages) return;
      group.lines++;
      group.lastPage = pages;
    };
    return {
      page(page) {
        pages++;
        for (const read of page.missingReads) {
          const key = `${read.offset}\u0000${read.path.replace(/\[\d+\]/g, '[*]')}`;
          const group = groups.get(key);
          if (group) count(group);
          else if ((shapesAt.get(read.offset) ?? 0) < shapesPerPlace) {
            shapesAt.set(read.offset, (shapesAt.get(read.offset) ?? 0) + 1);
            groups.set(key, { first: read, lines: 1, lastPage: pages });
          } else {
            const other = others.get(read.offset);
            if (other) count(other);
            else others.set(read.offset, { first: read, lines: 1, lastPage: pages });
          }
        }
      },
      findings({ taskInputs }) {
        if (taskInputs === 0 || groups.size === 0) return [];
        const reported = [...groups.values()].map((g) => ({ ...g, more: false }));
        for (const g of others.values()) reported.push({ ...g, more: true });
        return reported.map(({ first, lines: count, more }) => {
          const lines = count === taskInputs ? `any of the ${taskInputs} sample line(s)` : `${count} of ${taskInputs} sample line(s)`;
          const what = more ? `${first.path} and other paths read here (a path built from the data?) are` : `${first.path} is`;
          return ctx.at(
            first.offset,
            'task-input-path',
            'error',
            `${what} not in the PRE output for ${lines} (first: ${first.origin}), so ${more ? 'they render' : 'it renders'} empty`,
            first.path.startsWith('task.input')
              ? `return this field from ${ctx.taskFiles.pre} in taskInput, fix the path, or guard it with {% if %} / | default`
              : 'the template sees the PRE output as task.input: write task.input.…',
          );
        });
      },
    };
  },
};

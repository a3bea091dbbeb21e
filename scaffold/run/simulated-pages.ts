import { listText } from '../../lambdas/contracts/list-text.ts';
import type { TaskTypeDefinition } from '../../lambdas/task-types/define.ts';
import { taskTemplates } from '../../templates/catalog/index.ts';
import { elementSpecs } from '../../templates/elements/spec.ts';
import { readPagePlan, truthFieldOf, type PageNote, type PagePlan, type TypeField } from './page-fields.ts';
import { lineList, namedLines } from './line-list.ts';

/** Distinct page plans kept to share between lines; past this, each line keeps its own (a page per line that differs in its fields). */
const sharedPlans = 1_000;

/** A problem of the simulated answers, as the dry run lists it (`where`: the template). */
export interface SimulationProblem {
  message: string;
  severity?: 'warning';
}

/**
 * Reads each rendered page into the fields simulated workers answer (readPagePlan), and keeps
 * count, line by line, of what the run must say about them: pages with nothing that submits
 * (the run falls back to the type's own answer), pages without the type's field (no answer
 * follows the truth there), and fields no simulated worker can answer as a real one would.
 * Pages with the same fields share one plan, so a long run holds a plan per kind of page.
 */
export class SimulatedPages {
  private readonly typeField: TypeField;
  private readonly plans = new Map<string, PagePlan>();
  private readonly fallback: number[] = [];
  private readonly withoutField: number[] = [];
  private readonly otherElement: number[] = [];
  private otherTag: string | undefined;
  private namesSubmitted: string[] | undefined;
  private readonly notes = new Map<string, { note: PageNote; lines: number[] }>();
  private truthPages = 0;

  constructor(private readonly type: TaskTypeDefinition<object, unknown>) {
    this.typeField = { name: type.answerField, shape: elementSpecs[this.catalogElement]?.submits };
  }

  private get catalogElement(): string {
    return taskTemplates[this.type.name].element;
  }

  /** The plan of the page rendered for the line with this number (undefined: nothing on it submits). */
  read(html: string, lineNumber: number): PagePlan | undefined {
    const read = readPagePlan(html, this.typeField);
    if (!read) {
      this.fallback.push(lineNumber);
      return undefined;
    }
    const plan = this.shared(read);
    if (plan.typeField === 'truth') this.truthPages++;
    else if (plan.typeField === 'absent') {
      this.withoutField.push(lineNumber);
      this.namesSubmitted ??= plan.names;
    } else {
      this.otherElement.push(lineNumber);
      this.otherTag ??= plan.typeField.otherElement;
    }
    for (const note of plan.notes) {
      const key = `${note.field}\u0000${note.message}`;
      const seen = this.notes.get(key);
      if (seen) seen.lines.push(lineNumber);
      else this.notes.set(key, { note, lines: [lineNumber] });
    }
    return plan;
  }

  /** Whether a line's simulated answers follow its truth (or its page's initial-value shapes): its page submits the type's field with the type's element, or the run fell back to the type's answer. */
  followsTruth(plan: PagePlan | undefined): boolean {
    return plan === undefined || plan.typeField === 'truth';
  }

  /** Whether a line's simulated workers adjust the `initial-value` shapes its page gives the type's field, and so do not read its truth. */
  adjustsInitialValue(plan: PagePlan | undefined): boolean {
    return truthFieldOf(plan)?.initial !== undefined;
  }

  /**
   * Why the worker-agreement table is left out, or undefined when it is not: no page submits the
   * type's field, so every answer is random and their agreement means nothing.
   */
  agreementLeftOut(): string | undefined {
    if (this.truthPages > 0 || this.fallback.length > 0 || this.withoutField.length + this.otherElement.length === 0) return undefined;
    return `left out: no page submits "${this.typeField.name}" with a <${this.catalogElement}>, the only field simulated workers answer from the truth, and agreement between random answers means nothing; answer in gtkit preview or write answers.jsonl to see it`;
  }

  /** What the run says about the simulated answers: each kind of page once, with the lines it concerns. */
  problems(truthField: string): SimulationProblem[] {
    const out: SimulationProblem[] = [];
    const lacking = this.withoutField.length + this.otherElement.length;
    if (lacking > 0) {
      const kinds = [
        this.withoutField.length > 0 && `${lineList(this.withoutField)} without it${this.namesSubmitted ? `, ${this.namesSubmitted.length === 0 ? 'submitting no field at all' : `submitting ${listText(this.namesSubmitted.map((n) => JSON.stringify(n)), namedLines)}`}` : ''}`,
        this.otherElement.length > 0 && `${lineList(this.otherElement)} with it from a <${this.otherTag}>, not a <${this.catalogElement}>`,
      ].filter(Boolean);
      out.push({
        message:
          `${lacking} line${lacking === 1 ? "'s page does" : "s' pages do"} not submit "${this.typeField.name}" as the ${this.type.name} task type answers it, the one field simulated workers answer from the "${truthField}" field (${kinds.join('; ')}): ` +
          `${lacking === 1 ? 'its' : 'their'} simulated answers are random in every field${this.agreementLeftOut() ? ' and the worker agreement is left out' : ', and the worker agreement leaves them out'}; answer ${lacking === 1 ? 'it' : 'them'} in gtkit preview or write answers.jsonl`,
      });
    }
    if (this.fallback.length > 0) {
      const n = this.fallback.length;
      out.push({
        severity: 'warning',
        message: `${n} line${n === 1 ? "'s page has" : "s' pages have"} no <crowd-form> (${lineList(this.fallback)}), so nothing on ${n === 1 ? 'it' : 'them'} submits an answer: ${n === 1 ? 'its' : 'their'} simulated answers are the ${this.type.name} task type's own ("${this.typeField.name}"); wrap the task in <crowd-form> … </crowd-form> (gtkit lint shows where)`,
      });
    }
    for (const { note, lines: at } of this.notes.values()) {
      out.push({ severity: 'warning', message: `${note.field} ${note.message} (the page${at.length === 1 ? '' : 's'} rendered for ${lineList(at)}); ${note.fix}` });
    }
    return out;
  }

  /** One plan object per kind of page: the lines of a 50,000-line run mostly share a handful. */
  private shared(plan: PagePlan): PagePlan {
    const key = JSON.stringify(plan);
    const known = this.plans.get(key);
    if (known) return known;
    if (this.plans.size < sharedPlans) this.plans.set(key, plan);
    return plan;
  }
}

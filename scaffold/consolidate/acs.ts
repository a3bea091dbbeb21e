import { describeType, isObject } from '../../lambdas/contracts/check.ts';
import { ContractError } from '../../lambdas/contracts/errors.ts';
import type { AlgorithmName } from '../../lambdas/consolidation/registry.ts';
import type { AnswerKind } from '../../lambdas/consolidation/types.ts';
import { acsHandler } from '../../lambdas/handlers/acs.ts';
import { silentLogger } from '../../lambdas/handlers/logger.ts';
import { taskConsolidation } from '../../lambdas/task-types/consolidate.ts';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import { parseTaskTypeFlag } from '../cli/task-type-flag.ts';
import { UsageError } from '../cli/exit-codes.ts';
import { labelNames } from '../config/define-task.ts';
import type { CapturedAnswer } from '../run/answers-file.ts';
import { importHandler, type LambdaHandler } from '../task/load-handlers.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { foundPhrase, shapeMismatch, takesPhrase, whatFits } from './answer-shape.ts';
import { labelsSeen, remapField } from './answers.ts';
import type { ConsolidateFlags } from './flags.ts';
import { inspectConsolidation, posteriorKinds, type Inspection } from './inspect.ts';

/** Where the run's label categories came from: --labels, the task config, the answers (sorted), or nowhere. */
export type LabelsFrom = 'flag' | 'task' | 'answers' | 'none';

/** The ACS the run consolidates with, and what goes with it. */
export interface ChosenConsolidation {
  acs: LambdaHandler;
  kind: AnswerKind;
  algorithmName: AlgorithmName;
  labels: string[];
  labelsFrom: LabelsFrom;
  /** The answers as the ACS reads them (with --type, the chosen field moved to where the type reads it). */
  answers: Map<string, CapturedAnswer[]>;
  /** What the algorithm itself returned (--workers, --posteriors): with --type only. */
  inspection: Inspection | undefined;
  /**
   * The answers are of the other classification shape than the type takes: with --type a refusal
   * (its ACS would fail every object), with --task a problem (its own acs.ts may read them).
   */
  shapeProblem?: string;
}

/**
 * The task's own acs.ts (--task), or an ACS of the type's consolidation with --algorithm and
 * --options (--type), with the labels it consolidates to.
 */
export async function chooseConsolidation(flags: ConsolidateFlags, task: LoadedTask | undefined, answers: Map<string, CapturedAnswer[]>): Promise<ChosenConsolidation> {
  let labels = flags.labels?.split(',').map((l) => l.trim()).filter(Boolean) ?? (task ? labelNames(task.config) : []);
  let labelsFrom: LabelsFrom = flags.labels !== undefined ? 'flag' : task ? 'task' : 'none';
  if (task) {
    // The scaffolded acs.ts consolidates with the config's algorithm and carries its state under the job's annotations, where --prior seeds it.
    const type = getTaskType(task.config.type);
    const algorithmName = task.config.consolidation.algorithm;
    // The task's own acs.ts may read answers of any shape: a mismatch is a problem to say, not a refusal.
    const mismatch = shapeMismatch(answers, type.answerField, type.answerKind);
    const shapeProblem = mismatch
      ? `the task's type ${type.name} (algorithm ${algorithmName}) takes ${takesPhrase(mismatch)}, but the answers are ${foundPhrase(mismatch, type.answerField)}; unless its acs.ts reads those itself, every object fails: give --task the folder of the task that made this job, or consolidate them with ${whatFits(mismatch)}`
      : undefined;
    return { acs: await importHandler(task.paths.acs), kind: type.answerKind, algorithmName, labels, labelsFrom, answers, inspection: undefined, ...(shapeProblem ? { shapeProblem } : {}) };
  }
  const type = getTaskType(parseTaskTypeFlag(flags.type ?? ''));
  const { answers: remapped, field } = remapField(answers, type.answerField, flags.field);
  if (labels.length === 0) {
    labels = labelsSeen(remapped);
    if (labels.length > 0) labelsFrom = 'answers';
  }
  const options = parseOptionsFlag(flags.options);
  // --algorithm is any string here; taskConsolidation checks it, and usage() names a wrong one.
  const algorithm = (flags.algorithm ?? type.defaultAlgorithm) as AlgorithmName;
  let inspection: Inspection | undefined;
  // The algorithm's own result of each batch goes to the inspection, when one is asked for below.
  const consolidation = usage(() => taskConsolidation(type, { algorithm, options, labels, onResult: (result) => inspection?.onResult(result) }));
  const kind = type.answerKind;
  // Answers of the other classification shape would fail every object: the caller refuses them once, before the work, with what consolidates them.
  const mismatch = shapeMismatch(remapped, type.answerField, kind);
  const which = flags.algorithm !== undefined ? `--algorithm ${algorithm} (with --type ${type.name})` : `${algorithm} (--type ${type.name}'s default algorithm)`;
  const shapeProblem = mismatch ? `${which} consolidates ${takesPhrase(mismatch)}, but the answers are ${foundPhrase(mismatch, field ?? type.answerField)}; for them give ${whatFits(mismatch)}` : undefined;
  // Every algorithm reports its workers (ConsolidationResult.workers), so --workers serves every kind.
  if (flags.posteriors && !posteriorKinds.includes(kind))
    throw new UsageError(`--posteriors takes class and multi-label answers, whose algorithms give class posteriors; ${type.name} answers are ${kind}, whose metadata keeps its own rounded confidences (use --workers for what ${algorithm} estimated of each worker)`);
  inspection = flags.workers !== undefined || flags.posteriors ? inspectConsolidation(algorithm) : undefined;
  // The whole TaskConsolidation, so that no field of it (decode, say) can be left out here.
  const acs = acsHandler({ logger: silentLogger, ...consolidation }) as LambdaHandler;
  return { acs, kind, algorithmName: algorithm, labels, labelsFrom, answers: remapped, inspection, ...(shapeProblem ? { shapeProblem } : {}) };
}

/** An unknown or unfitting --algorithm, or bad --options, is a bad flag value: exit code 2, no stack, in flag terms. */
function usage<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (!(error instanceof ContractError)) throw new UsageError(`--algorithm: ${error instanceof Error ? error.message : String(error)}`);
    throw new UsageError(
      error.issues
        .map((i) => (i.path.startsWith('consolidation.options') ? `--options ${i.path.slice('consolidation.options.'.length)}: ${i.problem}` : `--algorithm: ${i.problem}`))
        .join('\n'),
    );
  }
}

/** `--options` as a JSON object (checked against the algorithm later, with the others). */
function parseOptionsFlag(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--options must be a JSON object, e.g. '{"quorum":0.6}': ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new UsageError(`--options must be a JSON object, e.g. '{"quorum":0.6}', got ${describeType(value)}`);
  return value;
}

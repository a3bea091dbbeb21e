import type { AlgorithmName, AlgorithmOptionsByName } from '../../lambdas/consolidation/registry.ts';
import type { TaskTypeName } from '../../lambdas/task-types/names.ts';
import type { KeysOfUnion } from '../../lambdas/contracts/check.ts';
import type { LogRetentionDays } from './log-retention.ts';

/**
 * The consolidation algorithm of a task and its options. The options follow the name, so an
 * editor completes them (`box-merge` → `iouThreshold`, `quorum`, …); `gtkit lint` checks their
 * values. Labels are not among them: the task's `labels` fix the class order.
 */
export type ConsolidationChoice = {
  [N in AlgorithmName]: {
    /** Algorithm name from the consolidation registry, e.g. `dawid-skene`, `box-merge`. */
    algorithm: N;
    /** The algorithm's options; `labels` is not one here (the task's labels are used). */
    options?: Omit<AlgorithmOptionsByName[N], 'labels'> & { labels?: never };
    /**
     * The answer fields acs.ts reads (default: the task type's, e.g. `category`, as the
     * scaffolded acs.ts reads it). `gtkit lint` checks that the template submits each.
     */
    answerFields?: string[];
    /**
     * The template's other answer fields to carry into the output, e.g. `["comment"]` for a
     * comment box beside the type's element: each object's metadata lists them per worker under
     * `worker-fields` (the scaffolded acs.ts passes them on). `gtkit lint` warns about a field the
     * template submits that is neither consolidated nor kept.
     */
    keepFields?: string[];
    /**
     * An earlier job's carried worker-quality state to start this job's from (a chained job, or
     * the next job of a stopped one): its folder `s3://<bucket>/<output path>/<job name>/annotations/gtkit-state/`.
     * The ACS reads it once, when this job's own state is empty, and warns when it is of another
     * algorithm or other labels. The ACS's role must read that folder: the role gtkit deploy
     * makes reads the task's output path, so an earlier job of the same output path is covered.
     */
    seedState?: string;
  };
}[AlgorithmName];

/** A label as the label-category file and `crowd-entity-annotation` know it. */
export interface LabelDefinition {
  label: string;
  /** Named entity only: the short tag shown on a highlighted span. */
  shortDisplayName?: string;
}

/** USD price per task for the public crowd; must be one of Ground Truth's allowed prices. */
export type PublicTaskPriceUsd = number;

export type Workforce =
  | { kind: 'private'; workteamArn: string }
  | { kind: 'vendor'; workteamArn: string }
  | {
      kind: 'public';
      /** e.g. 0.036 — checked against the allowed price list for the task type. */
      priceUsd: PublicTaskPriceUsd;
      /** The public crowd needs `FreeOfPersonallyIdentifiableInformation`. */
      contentClassifiers: Array<'FreeOfPersonallyIdentifiableInformation' | 'FreeOfAdultContent'>;
      /** Defaults to the region's public-crowd workteam. */
      workteamArn?: string;
    };

export interface LambdaSettings {
  /** Function name; must match the AmazonSageMakerGroundTruthExecution policy (contain `SageMaker`, …) or you attach a policy yourself. */
  functionName: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** Filled in by `gtkit deploy`, or set by hand for functions deployed elsewhere. */
  arn?: string;
}

/** Where a streaming job's objects come from and where its labels go. */
export interface StreamingSettings {
  /** The SNS topic Ground Truth subscribes to; each message is one data object, shaped like a manifest line. */
  inputTopicArn: string;
  /** An SNS topic Ground Truth publishes each labelled object to; must not be the input topic. */
  outputTopicArn?: string;
  /**
   * The S3 folders streamed objects lie under, e.g. `["s3://my-bucket/incoming/"]`: the roles
   * `gtkit deploy --create-roles` (and the CloudFormation template) make may read them, and the
   * CORS check covers their buckets. Objects elsewhere are presigned with a role that cannot read them.
   */
  dataPrefixes?: string[];
}

/** Everything about one labeling task. `gtkit init` writes it; an editor completes it. */
export interface TaskConfig {
  type: TaskTypeName;
  /** LabelingJobName: 1–63 alphanumerics and hyphens, starts and ends alphanumeric. */
  jobName: string;
  /** LabelAttributeName: the output-manifest key; must not end in `-metadata`. */
  labelAttributeName: string;
  labels: Array<string | LabelDefinition>;
  region: string;
  /** The Ground Truth execution role (RoleArn of the job). */
  roleArn: string;
  workforce: Workforce;
  /** Worker-facing title, description and search keywords. */
  task: {
    title: string;
    description: string;
    /**
     * 1–5 keywords of letters, digits and single spaces, which workers search tasks by. Optional,
     * as CreateLabelingJob's TaskKeywords is: left out or empty, the request carries none.
     */
    keywords?: string[];
    workersPerObject: number;
    timeLimitSeconds: number;
    availabilityLifetimeSeconds?: number;
    maxConcurrentTaskCount?: number;
  };
  /** Where the job's files live on S3. */
  s3: {
    /** Bucket for template, manifest and label categories (defaults derive from it). */
    bucket: string;
    /** Key prefix inside the bucket, without leading or trailing slash. */
    prefix: string;
    /** Defaults to `s3://<bucket>/<prefix>/output/`. */
    outputPath?: string;
    kmsKeyId?: string;
  };
  /**
   * A streaming job: Ground Truth takes its objects from an SNS topic, and the manifest holds only
   * samples for lint, run and preview (deploy does not upload it; the request sends none).
   */
  streaming?: StreamingSettings;
  stoppingConditions?: { maxHumanLabeledObjectCount?: number; maxPercentageOfInputDatasetLabeled?: number };
  tags?: Record<string, string>;
  lambdas: {
    pre: LambdaSettings;
    acs: LambdaSettings;
    /**
     * An execution role of yours for both functions. Without it, `gtkit deploy --create-roles`
     * makes one role per function, each with only what that function needs.
     */
    executionRoleArn?: string;
    runtime?: 'nodejs24.x' | 'nodejs22.x';
    /**
     * Days CloudWatch Logs keeps the functions' log lines: one of the periods it accepts
     * (`logRetentionChoices`, which an editor offers as this field's completions). Default 30.
     * `gtkit deploy` sets it on both functions' log groups on every deploy (making a group the
     * function has not made yet); the CloudFormation template declares the groups with it.
     */
    logRetentionDays?: LogRetentionDays;
  };
  consolidation: ConsolidationChoice;
  /** Task folder files, relative to the folder holding the config. */
  files?: {
    template?: string;
    manifest?: string;
    answers?: string;
    pre?: string;
    acs?: string;
  };
}

export type { KeysOfUnion };
/** The type of `K` in whichever members of the union `T` have it. */
type FieldOf<T, K> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/**
 * `T` with every field that `Shape` does not have typed `never`, at any depth (lists and
 * string-keyed records are left alone): a misspelt field (`workerPerObject`) is then an error in
 * the editor, not only in `gtkit lint`.
 */
export type NoUnknownFields<T, Shape> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]: K extends KeysOfUnion<Shape> ? NoUnknownFields<T[K], NonNullable<FieldOf<Shape, K>>> : never }
    : T;

/**
 * Declares a task. It returns its argument unchanged: the point is the type, so that an
 * editor completes and checks the config.
 *
 * @example
 * export default defineTask({ type: 'text-classification', jobName: 'ticket-intent', ... });
 */
export function defineTask<const T extends TaskConfig>(config: T & NoUnknownFields<T, TaskConfig>): T & TaskConfig {
  // The literal type keeps what was written (the labels, the algorithm); the intersection adds
  // the optional fields left out (`consolidation.options`), so code reading them type-checks.
  return config;
}

/** Default file names inside a task folder. */
export const defaultTaskFiles = {
  config: 'gtkit.config.ts',
  template: 'template.liquid.html',
  manifest: 'manifest.jsonl',
  answers: 'answers.jsonl',
  pre: 'pre.ts',
  acs: 'acs.ts',
} as const;

/** The task's label names, in order. */
export function labelNames(config: { labels: ReadonlyArray<string | LabelDefinition> }): string[] {
  return config.labels.map((l) => (typeof l === 'string' ? l : l.label));
}

/** The task's labels as definitions (`{ label, shortDisplayName? }`), in order. */
export function labelDefinitions(config: { labels: ReadonlyArray<string | LabelDefinition> }): LabelDefinition[] {
  return config.labels.map((l) => (typeof l === 'string' ? { label: l } : { ...l }));
}

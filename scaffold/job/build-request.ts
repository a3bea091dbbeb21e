import type { CreateLabelingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { labelNames, type TaskConfig } from '../config/define-task.ts';
import { functionNameProblem, roleNames } from '../deploy/names.ts';
import { bucketNameProblem, bucketNameRule, s3UriBucket } from './bucket-name.ts';
import { s3FolderProblem } from '../config/s3-folder.ts';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import { buildLabelCategoryConfig, type LabelCategoryConfig } from './label-categories.ts';
import { priceToAmount, publicCrowdWorkteamArn } from './limits.ts';
import { derivedLambdaArn, iamArnParts, jobLocations, type JobLocations } from './locations.ts';
import { lambdaArnPaths, outputPathField, uploadPaths } from './request-paths.ts';
import { validateJobRequest, type JobProblem } from './validate-request.ts';
import { unreadableDataProblems, type ManifestData } from './data-access.ts';
import { streamedDataProblems } from './streamed-data.ts';
import { hasSpaceAtEnds, labelAsSeen, lookAlikeLabels } from './look-alike-labels.ts';

export interface JobInputs {
  /** ARNs from the deploy state or stack outputs; otherwise `lambdas.*.arn`, otherwise derived. */
  arns?: { pre?: string; acs?: string };
  /** S3 locations actually uploaded to (deploy state); otherwise derived from `s3`. */
  locations?: Partial<JobLocations>;
  /** What reading them found, e.g. a recorded function the config has renamed since; reported with the request's own problems. */
  problems?: JobProblem[];
  /** The data folders the task's manifest names: warned about when the job's role may not read them. */
  manifestData?: ManifestData;
  /** Ground Truth roles gtkit made for the job (`deploy --create-roles`, the stack): their policies grant the task's files and data. */
  gtkitGroundTruthRoles?: string[];
}

export interface BuiltJob {
  request: CreateLabelingJobCommandInput;
  /** The label-category file's content: write it with `labelCategoryFileText`, the bytes gtkit deploy uploads, not your own JSON. */
  labelCategories: LabelCategoryConfig;
  /** Every problem with the request, errors and warnings. */
  problems: JobProblem[];
}

/**
 * Builds the CreateLabelingJob request for a task and validates it. The request is typed as the
 * SDK's input, and its JSON is what `aws sagemaker create-labeling-job --cli-input-json` takes.
 */
export function buildJob(config: TaskConfig, inputs: JobInputs = {}): BuiltJob {
  const problems: JobProblem[] = [...(inputs.problems ?? [])];
  const where = { ...jobLocations(config), ...inputs.locations };
  const refusedNames: Array<'pre' | 'acs'> = [];
  const arnFor = (which: 'pre' | 'acs'): string | undefined => {
    const path = `lambdas.${which}.functionName`;
    // Deploy's rule, so lint and job refuse what Lambda would.
    const nameProblem = functionNameProblem(config.lambdas[which].functionName, path);
    if (nameProblem) problems.push({ severity: 'error', path, message: nameProblem.problem, fix: nameProblem.fix });
    const given = inputs.arns?.[which] ?? config.lambdas[which].arn;
    if (given) return given;
    // An ARN built from a name Lambda refuses would only draw odd warnings of its own.
    if (nameProblem) {
      refusedNames.push(which);
      return undefined;
    }
    const derived = derivedLambdaArn(config, config.lambdas[which].functionName);
    // Said once: a recorded function the config renamed already has its problem.
    if (derived && !inputs.problems?.some((p) => p.path === path)) {
      problems.push({
        severity: 'warning',
        path: lambdaArnPaths[which],
        message: `no deployed ARN recorded; derived ${derived} from lambdas.${which}.functionName and the role's account`,
        fix: 'run gtkit deploy (it records the ARNs), or set lambdas.' + which + '.arn',
      });
    }
    return derived;
  };

  const wf = config.workforce;
  const isPublic = wf.kind === 'public';
  const classifiers = isPublic ? wf.contentClassifiers : [];
  const keywords = config.task.keywords ?? [];
  const request: CreateLabelingJobCommandInput = {
    LabelingJobName: config.jobName,
    LabelAttributeName: config.labelAttributeName,
    InputConfig: {
      DataSource: config.streaming
        ? { SnsDataSource: { SnsTopicArn: config.streaming.inputTopicArn } }
        : { S3DataSource: { ManifestS3Uri: where.manifest } },
      ...(classifiers.length > 0 ? { DataAttributes: { ContentClassifiers: classifiers } } : {}),
    },
    OutputConfig: {
      S3OutputPath: where.outputPath,
      ...(config.s3.kmsKeyId ? { KmsKeyId: config.s3.kmsKeyId } : {}),
      ...(config.streaming?.outputTopicArn ? { SnsTopicArn: config.streaming.outputTopicArn } : {}),
    },
    RoleArn: config.roleArn,
    ...(config.labels.length > 0 ? { LabelCategoryConfigS3Uri: where.labelCategories } : {}),
    ...(config.stoppingConditions && !config.streaming
      ? {
          StoppingConditions: {
            ...(config.stoppingConditions.maxHumanLabeledObjectCount !== undefined ? { MaxHumanLabeledObjectCount: config.stoppingConditions.maxHumanLabeledObjectCount } : {}),
            ...(config.stoppingConditions.maxPercentageOfInputDatasetLabeled !== undefined
              ? { MaxPercentageOfInputDatasetLabeled: config.stoppingConditions.maxPercentageOfInputDatasetLabeled }
              : {}),
          },
        }
      : {}),
    HumanTaskConfig: {
      WorkteamArn: wf.kind === 'public' ? (wf.workteamArn ?? publicCrowdWorkteamArn(config.region)) : wf.workteamArn,
      UiConfig: { UiTemplateS3Uri: where.template },
      PreHumanTaskLambdaArn: arnFor('pre'),
      // Optional for CreateLabelingJob, but 1–5 when sent: no keywords means no field, not an empty list.
      ...(keywords.length > 0 ? { TaskKeywords: keywords } : {}),
      TaskTitle: config.task.title,
      TaskDescription: config.task.description,
      NumberOfHumanWorkersPerDataObject: config.task.workersPerObject,
      TaskTimeLimitInSeconds: config.task.timeLimitSeconds,
      ...(config.task.availabilityLifetimeSeconds !== undefined ? { TaskAvailabilityLifetimeInSeconds: config.task.availabilityLifetimeSeconds } : {}),
      ...(config.task.maxConcurrentTaskCount !== undefined ? { MaxConcurrentTaskCount: config.task.maxConcurrentTaskCount } : {}),
      AnnotationConsolidationConfig: { AnnotationConsolidationLambdaArn: arnFor('acs') },
      ...(isPublic ? { PublicWorkforceTaskPrice: { AmountInUsd: priceToAmount(wf.priceUsd) } } : {}),
    },
    ...(config.tags && Object.keys(config.tags).length > 0 ? { Tags: Object.entries(config.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
  };
  if (config.streaming && config.stoppingConditions) {
    problems.push({ severity: 'error', path: 'StoppingConditions', message: 'stoppingConditions are not allowed for a streaming job', fix: 'remove stoppingConditions from gtkit.config.ts' });
  }
  const labelCategories = buildLabelCategoryConfig(config);
  problems.push(...labelProblems(config));
  problems.push(...bucketProblems(config));
  // The locations derived from the config had their bucket checked where it is written (above).
  const fromConfig = new Set<string>([outputPathField]);
  for (const key of ['manifest', 'template', 'labelCategories'] as const) if (!inputs.locations?.[key]) fromConfig.add(uploadPaths[key]);
  // A function whose name is refused has no ARN; its name's error already says what to do.
  const unnamed = new Set<string>(refusedNames.map((which) => lambdaArnPaths[which]));
  const roleGrantsTaskData = isGtkitGroundTruthRole(config, inputs);
  problems.push(...validateJobRequest(request, { taskType: config.type, region: config.region, bucketsCheckedAtSource: fromConfig, roleGrantsTaskLocations: roleGrantsTaskData }).filter((p) => !unnamed.has(p.path)));
  if (inputs.manifestData) problems.push(...unreadableDataProblems(request, inputs.manifestData, { region: config.region, roleGrantsData: roleGrantsTaskData }));
  problems.push(...streamedDataProblems(config, request, { roleGrantsData: roleGrantsTaskData }));
  return { request, labelCategories, problems };
}

/**
 * Whether the job runs with a Ground Truth role gtkit made for it: one the deploy state or the
 * stack outputs record, or one with the name `deploy --create-roles` gives this job's role (the
 * state may not have come along with the task folder). Its policy grants the task's files, the
 * output and the manifest's data folders as they were at that deploy.
 */
function isGtkitGroundTruthRole(config: TaskConfig, inputs: JobInputs): boolean {
  if (inputs.gtkitGroundTruthRoles?.includes(config.roleArn)) return true;
  return iamArnParts(config.roleArn)?.roleName === roleNames(config).groundTruthExecution;
}

/**
 * `s3.bucket` and the bucket of `s3.outputPath`, checked against S3's naming rules where they are
 * written (the request's four locations derive from them). Checking `s3.bucket` itself also
 * catches a slash, which would otherwise move part of it into the keys.
 */
function bucketProblems(config: TaskConfig): JobProblem[] {
  const out: JobProblem[] = [];
  const bucketReason = bucketNameProblem(config.s3.bucket);
  if (bucketReason) {
    out.push({ severity: 'error', path: 's3.bucket', message: `${JSON.stringify(config.s3.bucket)} is not a valid S3 bucket name: ${bucketReason}`, fix: `set s3.bucket in gtkit.config.ts to your bucket's name: ${bucketNameRule}` });
  }
  const output = config.s3.outputPath;
  const outputBucket = output === undefined ? undefined : s3UriBucket(output);
  const outputReason = outputBucket === undefined ? undefined : bucketNameProblem(outputBucket);
  if (outputReason) {
    out.push({
      severity: 'error',
      path: 's3.outputPath',
      message: `the bucket ${JSON.stringify(outputBucket)} of ${JSON.stringify(output)} is not a valid S3 bucket name: ${outputReason}`,
      fix: `set s3.outputPath in gtkit.config.ts to s3://<bucket>/<prefix>/ with a bucket name of ${bucketNameRule} (or leave it out: it defaults to s3://<s3.bucket>/<s3.prefix>/output/)`,
    });
  }
  // A streaming job's data folders are granted by the roles gtkit makes: a value that is no S3
  // folder, or a bucket S3 would refuse, is said where it is written. The config check says the
  // first for a loaded gtkit.config.ts; this says it for a config made in code (initTask's).
  (config.streaming?.dataPrefixes ?? []).forEach((prefix, i) => {
    const notFolder = s3FolderProblem(prefix);
    if (notFolder) {
      out.push({ severity: 'error', path: `streaming.dataPrefixes[${i}]`, message: notFolder, fix: 'set streaming.dataPrefixes in gtkit.config.ts to S3 folders s3://<bucket>/<folder>/' });
      return;
    }
    const bucket = s3UriBucket(prefix);
    const reason = bucket === undefined ? undefined : bucketNameProblem(bucket);
    if (reason) out.push({ severity: 'error', path: `streaming.dataPrefixes[${i}]`, message: `the bucket ${JSON.stringify(bucket)} of ${JSON.stringify(prefix)} is not a valid S3 bucket name: ${reason}`, fix: `set streaming.dataPrefixes in gtkit.config.ts to folders s3://<bucket>/<folder>/ with a bucket name of ${bucketNameRule}` });
  });
  return out;
}

/** The checks of the config's labels, each problem marked `kind: 'labels'` (lint and init pick out their warnings by it). */
function labelProblems(config: TaskConfig): JobProblem[] {
  const out: JobProblem[] = [];
  const names = labelNames(config);
  // The service's label quotas for the type (DG-QUOTAS), as its definition states them.
  const { min, max } = getTaskType(config.type).labelCount;
  // A hand-written ACS (one that lists the fields it reads) may use no labels at all: then the
  // request names no label-category file, which CreateLabelingJob allows for a custom task.
  const ownAcsWithoutLabels = names.length === 0 && config.consolidation.answerFields !== undefined;
  if (names.length < min && !ownAcsWithoutLabels) {
    const fix = names.length === 0 ? 'add labels in gtkit.config.ts (or, for a hand-written ACS that reads no labels, list the fields it reads in consolidation.answerFields and keep labels: [])' : 'add labels in gtkit.config.ts';
    out.push({ severity: 'error', path: 'labels', message: `${config.type} needs at least ${min} labels, got ${names.length}`, fix });
  }
  if (names.length > max) out.push({ severity: 'error', path: 'labels', message: `${config.type} allows at most ${max} labels, got ${names.length}`, fix: 'remove labels' });
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (n.length === 0 || n.length > 256) out.push({ severity: 'error', path: `labels[${i}]`, message: `label must have 1–256 characters, has ${n.length}`, fix: 'shorten or fill in the label' });
    if (seen.has(n)) out.push({ severity: 'error', path: `labels[${i}]`, message: `duplicate label ${JSON.stringify(n)}`, fix: 'make labels unique' });
    seen.add(n);
  });
  out.push(...lookAlikeLabelProblems(names), ...shortNameProblems(config));
  names.forEach((n, i) => {
    if (n.length > 0 && labelAsSeen(n) === '') {
      out.push({ severity: 'error', path: `labels[${i}]`, message: `label ${JSON.stringify(n)} shows nothing to a worker: it is only white space or invisible characters`, fix: 'give the label a name workers can read in gtkit.config.ts' });
    } else if (hasSpaceAtEnds(n)) {
      out.push({
        severity: 'warning',
        path: `labels[${i}]`,
        message: `label ${JSON.stringify(n)} has white space at its ${n.trimStart() === n ? 'end' : n.trimEnd() === n ? 'start' : 'start and end'}: workers do not see it, and an answer matches the label only with it`,
        fix: `write the label as ${JSON.stringify(n.trim())} in gtkit.config.ts`,
      });
    }
  });
  return out.map((p): JobProblem => ({ ...p, kind: 'labels' }));
}

/**
 * Labels a worker cannot tell apart (see look-alike-labels.ts): an error when they look the same
 * on the page, a warning when they differ only in case. Each is reported at the later label and
 * names both.
 */
function lookAlikeLabelProblems(names: string[]): JobProblem[] {
  // A label given twice is said as a duplicate (labelProblems).
  return lookAlikeLabels(names).filter((pair) => pair.kind !== 'same').map(({ first, second, kind, difference }): JobProblem => {
    const both = `labels[${first}] ${JSON.stringify(names[first])} and labels[${second}] ${JSON.stringify(names[second])}`;
    if (kind === 'seen-alike') {
      return {
        severity: 'error',
        path: `labels[${second}]`,
        message: `${both} look the same to a worker (they differ only in ${difference}): workers cannot tell them apart, and their answers split between the two labels`,
        fix: `keep one of them in gtkit.config.ts, or rename one so that they differ in letters`,
      };
    }
    return {
      severity: 'warning',
      path: `labels[${second}]`,
      message: `${both} differ only in case: workers easily take one for the other, and their answers split between the two labels`,
      fix: `keep one of them in gtkit.config.ts, or rename one so that they differ in more than case`,
    };
  });
}

/**
 * Named-entity labels carry a short name the page tags each marked span with. Two labels whose
 * short names look alike (or differ only in case) give marked spans that workers, and whoever
 * reviews their work, cannot tell apart, though the labels themselves are told apart where a
 * worker picks one: a warning.
 */
function shortNameProblems(config: TaskConfig): JobProblem[] {
  const withShort = config.labels.flatMap((l, i) => (typeof l !== 'string' && typeof l.shortDisplayName === 'string' && l.shortDisplayName !== '' ? [{ i, short: l.shortDisplayName }] : []));
  const shorts = withShort.map((w) => w.short);
  // Exactly equal short names are the same tag all the more.
  return lookAlikeLabels(shorts).map(({ first, second, kind }) => {
    const a = withShort[first]!;
    const b = withShort[second]!;
    const how = kind === 'same' ? 'are the same' : kind === 'case' ? 'differ only in case' : 'look the same';
    const apart = kind === 'case' ? 'are easily taken for one another' : 'cannot be told apart';
    return {
      severity: 'warning',
      path: `labels[${b.i}].shortDisplayName`,
      message: `the short names of labels[${a.i}] and labels[${b.i}] ${how} (${JSON.stringify(a.short)} and ${JSON.stringify(b.short)}): the page tags marked text with the short name, so spans of the two labels ${apart}`,
      fix: `give labels[${b.i}] a shortDisplayName of its own in gtkit.config.ts`,
    };
  });
}

import type { CreateLabelingJobCommandInput } from '@aws-sdk/client-sagemaker';
import type { TaskTypeName } from '../../lambdas/task-types/names.ts';
import { contentClassifierValues, limits, numericLimits, publicCrowdAccount, publicPricesBoundingBox, publicPricesCustom, type FieldLimit } from './limits.ts';
import { invokableFunctionMarkers, invokeStatement, managedPolicyCanInvoke, managedPolicyCanRead, readableObjectMarkers } from './managed-policy.ts';
import { bucketNameProblem, bucketNameRule, s3UriBucket } from './bucket-name.ts';
import { regionProblem } from './region.ts';
import { arnRegionProblems } from './arn-regions.ts';
import { tagProblems } from './tags.ts';
import { topicAccessProblems, topicLoopProblem } from './topic-access.ts';
import { iamArnParts } from './locations.ts';
import { lambdaArnParts } from './lambda-arn.ts';
import { lambdaArnPaths, outputPathField, uploadPaths } from './request-paths.ts';

/** One problem with a CreateLabelingJob request: where, what, and how to fix it. */
export interface JobProblem {
  severity: 'error' | 'warning';
  /** Path in the request, e.g. `HumanTaskConfig.TaskKeywords[2]`. */
  path: string;
  message: string;
  fix: string;
  /**
   * What the problem is about, for callers that pick problems by it: `labels` marks the label
   * checks (count, duplicates, look-alikes, white space, short names). Those are the config's own
   * to fix whatever is deployed, so `gtkit lint` and `gtkit init` pass their warnings on too.
   */
  kind?: 'labels';
}

/** Where the request lists its content classifiers: a public-crowd job without its personal-information declaration is refused here. */
export const contentClassifiersPath = 'InputConfig.DataAttributes.ContentClassifiers';

export interface ValidateOptions {
  taskType?: TaskTypeName;
  /** The job's region: Lambda ARNs, the work team, SNS topics and a KMS key ARN must be in it. */
  region?: string;
  /**
   * Request paths of S3 locations whose bucket the caller has checked where it is written
   * (`buildJob` checks `s3.bucket` and `s3.outputPath`), so one bad bucket is reported once.
   */
  bucketsCheckedAtSource?: ReadonlySet<string>;
  /**
   * The job's role is one gtkit made for the task, whose own policy grants the manifest, template
   * and output locations and a streaming job's topics: the managed policy's markers do not matter then.
   */
  roleGrantsTaskLocations?: boolean;
}

/** Task types whose label attribute must end in `-ref` (none of gtkit's custom types, today). */
const refSuffixTypes: ReadonlySet<string> = new Set<string>();

/**
 * What is wrong with a label attribute's suffix for the task type: `-metadata` is Ground Truth's
 * own, and `-ref` belongs to (and only to) task types whose label is an S3 reference. Empty when
 * nothing is; the length and characters are checked with the request's other names.
 */
export function labelAttributeSuffixProblems(attr: string, taskType: TaskTypeName | undefined): Array<{ message: string; fix: string }> {
  const problems: Array<{ message: string; fix: string }> = [];
  if (attr.endsWith('-metadata')) problems.push({ message: 'must not end in "-metadata" (Ground Truth adds that suffix itself)', fix: 'choose another labelAttributeName' });
  const needsRef = taskType !== undefined && refSuffixTypes.has(taskType);
  // Reference §7 (LabelAttributeName, DG-OUTPUT): "-ref" is for Ground Truth's own S3-reference types; a custom job must not use it, even one whose label is an S3 URI (a mask).
  if (attr.endsWith('-ref') && !needsRef) problems.push({ message: `ends in "-ref", which Ground Truth allows only for its built-in task types whose label is an S3 reference (semantic segmentation, video frames, 3D point clouds): a custom job's label attribute must not end in it, whatever its label holds`, fix: 'drop the "-ref" suffix' });
  if (needsRef && !attr.endsWith('-ref')) problems.push({ message: `must end in "-ref" for ${taskType}`, fix: 'add the "-ref" suffix' });
  return problems;
}

/**
 * Checks a CreateLabelingJob request against the service's limits and the rules around them,
 * and returns every problem at once (an empty list means the request is valid).
 */
export function validateJobRequest(request: CreateLabelingJobCommandInput, options: ValidateOptions = {}): JobProblem[] {
  const problems: JobProblem[] = [];
  const error = (path: string, message: string, fix: string) => problems.push({ severity: 'error', path, message, fix });
  const warning = (path: string, message: string, fix: string) => problems.push({ severity: 'warning', path, message, fix });

  const text = (path: string, value: string | undefined, limit: FieldLimit, required: boolean, fix: string) => {
    if (value === undefined || value === null) {
      if (required) error(path, 'is required', fix);
      return;
    }
    if (typeof value !== 'string') return error(path, `must be a string, got ${typeof value}`, fix);
    const length = [...value].length;
    if (limit.min !== undefined && length < limit.min) return error(path, `is too short (${length} < ${limit.min} characters)`, fix);
    if (limit.max !== undefined && length > limit.max) return error(path, `is too long (${length} > ${limit.max} characters)`, fix);
    if (limit.pattern && !limit.pattern.test(value)) {
      const odd = offendingCharacter(value, limit.pattern);
      const allowed = limit.patternHelp ?? `of the form ${limit.pattern}`;
      const foreign = odd ? undefined : nonAsciiCharacter(value, limit.pattern);
      const said = odd ? `${JSON.stringify(value)} has ${odd}, outside what the field takes: ${allowed}` : `${JSON.stringify(value)} is not ${allowed}${foreign ? ` (${foreign} is not an ASCII letter or digit)` : ''}`;
      error(path, said, fix);
    }
  };
  const integer = (path: string, value: number | undefined, range: { min: number; max: number }, required: boolean, fix: string) => {
    if (value === undefined || value === null) {
      if (required) error(path, 'is required', fix);
      return;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) return error(path, `must be a whole number, got ${JSON.stringify(value)}`, fix);
    if (value < range.min || value > range.max) error(path, `${value} is outside ${range.min}–${range.max}`, fix);
  };

  // The region first: a region that is not one would make every ARN "in another region".
  const regionIssue = options.region === undefined ? undefined : regionProblem(options.region);
  if (regionIssue) error('region', regionIssue.message, `set region in gtkit.config.ts to ${regionIssue.use}`);
  const region = regionIssue ? undefined : options.region;

  // Names.
  text('LabelingJobName', request.LabelingJobName, limits.LabelingJobName, true, 'set jobName in gtkit.config.ts: 1–63 letters, digits and hyphens');
  text('LabelAttributeName', request.LabelAttributeName, limits.LabelAttributeName, true, 'set labelAttributeName: 1–127 letters, digits and hyphens');
  for (const p of labelAttributeSuffixProblems(request.LabelAttributeName ?? '', options.taskType)) error('LabelAttributeName', p.message, p.fix);

  // Input and output.
  const source = request.InputConfig?.DataSource;
  const s3Source = source?.S3DataSource;
  const snsSource = source?.SnsDataSource;
  if (!request.InputConfig) error('InputConfig', 'is required', 'set s3.bucket (the manifest location derives from it) or streaming.inputTopicArn');
  else if (!s3Source && !snsSource) error('InputConfig.DataSource', 'needs an S3 manifest or an SNS topic', 'set s3.bucket or streaming.inputTopicArn');
  if (s3Source) text('InputConfig.DataSource.S3DataSource.ManifestS3Uri', s3Source.ManifestS3Uri, limits.ManifestS3Uri, true, 'use an s3:// URI of at most 1,024 characters');
  if (snsSource) text('InputConfig.DataSource.SnsDataSource.SnsTopicArn', snsSource.SnsTopicArn, limits.SnsTopicArn, true, 'use the ARN of an SNS topic in the job\'s region');
  const classifiers = request.InputConfig?.DataAttributes?.ContentClassifiers ?? [];
  if (classifiers.length > numericLimits.ContentClassifiers.max) error(contentClassifiersPath, 'has too many entries', 'list each classifier once');
  classifiers.forEach((c, i) => {
    if (!(contentClassifierValues as readonly string[]).includes(c)) error(`${contentClassifiersPath}[${i}]`, `${JSON.stringify(c)} is not a content classifier`, `use one of ${contentClassifierValues.join(', ')}`);
  });
  text('OutputConfig.S3OutputPath', request.OutputConfig?.S3OutputPath, limits.S3OutputPath, true, 'set s3.outputPath or s3.bucket');
  text('OutputConfig.KmsKeyId', request.OutputConfig?.KmsKeyId, limits.KmsKeyId, false, 'use a KMS key id, key ARN or alias');
  text('OutputConfig.SnsTopicArn', request.OutputConfig?.SnsTopicArn, limits.SnsTopicArn, false, 'use the ARN of an SNS topic in the job\'s region');
  text('RoleArn', request.RoleArn, limits.RoleArn, true, 'set roleArn to the Ground Truth execution role');
  text('LabelCategoryConfigS3Uri', request.LabelCategoryConfigS3Uri, limits.LabelCategoryConfigS3Uri, false, 'use an s3:// URI');
  // The service's pattern takes any bucket; S3 does not.
  for (const [path, uri] of [
    [uploadPaths.manifest, s3Source?.ManifestS3Uri],
    [uploadPaths.template, request.HumanTaskConfig?.UiConfig?.UiTemplateS3Uri],
    [uploadPaths.labelCategories, request.LabelCategoryConfigS3Uri],
    [outputPathField, request.OutputConfig?.S3OutputPath],
  ] as const) {
    const bucket = typeof uri === 'string' && !options.bucketsCheckedAtSource?.has(path) ? s3UriBucket(uri) : undefined;
    const reason = bucket === undefined ? undefined : bucketNameProblem(bucket);
    if (reason) error(path, `the bucket ${JSON.stringify(bucket)} of ${JSON.stringify(uri)} is not a valid S3 bucket name: ${reason}`, `use a location in a bucket named with ${bucketNameRule}`);
  }

  // Streaming jobs.
  if (snsSource) {
    if (request.StoppingConditions) error('StoppingConditions', 'is not allowed for a streaming job (Ground Truth ignores it)', 'remove stoppingConditions, or stream nothing');
    if (request.LabelingJobAlgorithmsConfig) error('LabelingJobAlgorithmsConfig', 'automated labeling is not supported for streaming jobs', 'remove it');
    // Ground Truth publishes each labelled object to the output topic: as the input too, each would come back as a new object, without end.
    const loop = topicLoopProblem(snsSource.SnsTopicArn, request.OutputConfig?.SnsTopicArn);
    if (loop) error('OutputConfig.SnsTopicArn', loop.message, loop.fix);
    if (!options.roleGrantsTaskLocations) problems.push(...topicAccessProblems(request));
  }
  integer('StoppingConditions.MaxHumanLabeledObjectCount', request.StoppingConditions?.MaxHumanLabeledObjectCount, numericLimits.MaxHumanLabeledObjectCount, false, 'use a whole number ≥ 1');
  integer('StoppingConditions.MaxPercentageOfInputDatasetLabeled', request.StoppingConditions?.MaxPercentageOfInputDatasetLabeled, numericLimits.MaxPercentageOfInputDatasetLabeled, false, 'use 1–100');

  // The human task.
  const h = request.HumanTaskConfig;
  if (!h) {
    error('HumanTaskConfig', 'is required', 'fill in the task section of gtkit.config.ts');
  } else {
    text('HumanTaskConfig.WorkteamArn', h.WorkteamArn, limits.WorkteamArn, true, 'set workforce.workteamArn');
    const isPublic = h.WorkteamArn?.includes(`:${publicCrowdAccount}:workteam/public-crowd/`) ?? false;
    const ui = h.UiConfig;
    if (!ui || (!ui.UiTemplateS3Uri && !ui.HumanTaskUiArn)) error('HumanTaskConfig.UiConfig', 'needs UiTemplateS3Uri or HumanTaskUiArn', 'set s3.bucket; the template location derives from it');
    else if (ui.UiTemplateS3Uri && ui.HumanTaskUiArn) error('HumanTaskConfig.UiConfig', 'has both UiTemplateS3Uri and HumanTaskUiArn', 'keep one');
    else text('HumanTaskConfig.UiConfig.UiTemplateS3Uri', ui.UiTemplateS3Uri, limits.UiTemplateS3Uri, false, 'use an s3:// URI');
    const lambdas: Array<[string, string | undefined]> = [
      [lambdaArnPaths.pre, h.PreHumanTaskLambdaArn],
      [lambdaArnPaths.acs, h.AnnotationConsolidationConfig?.AnnotationConsolidationLambdaArn],
    ];
    if (h.AnnotationConsolidationConfig && !h.AnnotationConsolidationConfig.AnnotationConsolidationLambdaArn) {
      error(lambdaArnPaths.acs, 'is required inside AnnotationConsolidationConfig', 'run gtkit deploy, or set lambdas.acs.arn');
    }
    const uninvokable: string[] = [];
    const roleAccount = iamArnParts(request.RoleArn)?.account;
    for (const [path, arn] of lambdas) {
      if (arn === undefined) continue;
      text(path, arn, limits.LambdaArn, false, 'run gtkit deploy, or set the ARN in lambdas.pre/acs.arn');
      // A malformed ARN has its pattern error above; only a well-formed one is read further.
      const parts = lambdaArnParts(arn);
      if (!parts) continue;
      // Its Region and partition are arnRegionProblems'.
      // Ground Truth invokes the function with the job's role; across accounts that needs a grant on the function too.
      if (roleAccount && parts.account !== roleAccount) {
        warning(path, `is in account ${parts.account}, the job's role (RoleArn) in ${roleAccount}`, `deploy the function with credentials of account ${roleAccount} (gtkit deploy), or check roleArn; a function in another account must grant the role lambda:InvokeFunction in its resource policy`);
      }
      const name = parts.name;
      if (name && !managedPolicyCanInvoke(name)) {
        uninvokable.push(arn);
        warning(
          path,
          `function "${name}" does not contain ${invokableFunctionMarkers.join(', ')}, so the AmazonSageMakerGroundTruthExecution policy does not let the job's role invoke it`,
          `rename it (e.g. SageMaker-${name}) or attach to the role: ${JSON.stringify(invokeStatement([arn]))}`,
        );
      }
    }
    for (const [path, uri] of [
      ['InputConfig.DataSource.S3DataSource.ManifestS3Uri', s3Source?.ManifestS3Uri],
      ['HumanTaskConfig.UiConfig.UiTemplateS3Uri', ui?.UiTemplateS3Uri],
      ['OutputConfig.S3OutputPath', request.OutputConfig?.S3OutputPath],
    ] as const) {
      if (uri && !options.roleGrantsTaskLocations && !managedPolicyCanRead(uri)) {
        warning(path, `the location does not contain ${readableObjectMarkers.join(', ')}, so the AmazonSageMakerGroundTruthExecution policy does not cover it`, 'use a bucket or prefix named e.g. "sagemaker-…", or give the role s3:GetObject/PutObject on it');
      }
    }
    const keywords = h.TaskKeywords ?? [];
    if (h.TaskKeywords !== undefined) {
      if (keywords.length < numericLimits.TaskKeywords.min || keywords.length > numericLimits.TaskKeywords.max) {
        error('HumanTaskConfig.TaskKeywords', `has ${keywords.length} keywords; 1–5 are allowed`, 'keep one to five keywords, or none: the field is optional (gtkit leaves it out when task.keywords is empty)');
      }
      keywords.forEach((k, i) => text(`HumanTaskConfig.TaskKeywords[${i}]`, k, limits.TaskKeyword, true, 'use letters and digits with single spaces, e.g. "image classification"'));
    }
    text('HumanTaskConfig.TaskTitle', h.TaskTitle, limits.TaskTitle, true, 'set task.title (1–128 characters)');
    text('HumanTaskConfig.TaskDescription', h.TaskDescription, limits.TaskDescription, true, 'set task.description (1–255 characters)');
    // The model's pattern is `.+`, and `.` matches no line break in the usual regex dialects (Java,
    // ECMAScript, Python). Whether the service full-matches it is not known, so this only warns.
    if (typeof h.TaskDescription === 'string' && /[\n\r\u2028\u2029]/.test(h.TaskDescription)) {
      warning('HumanTaskConfig.TaskDescription', 'has a line break, which the service\'s pattern (.+) does not match: CreateLabelingJob may refuse it', 'write task.description on one line');
    }
    integer('HumanTaskConfig.NumberOfHumanWorkersPerDataObject', h.NumberOfHumanWorkersPerDataObject, numericLimits.NumberOfHumanWorkersPerDataObject, true, 'set task.workersPerObject to 1–9');
    integer('HumanTaskConfig.TaskTimeLimitInSeconds', h.TaskTimeLimitInSeconds, numericLimits.TaskTimeLimitInSeconds, true, 'set task.timeLimitSeconds to 30–28800');
    const lifetime = numericLimits.TaskAvailabilityLifetimeInSeconds;
    integer('HumanTaskConfig.TaskAvailabilityLifetimeInSeconds', h.TaskAvailabilityLifetimeInSeconds, { min: lifetime.min, max: isPublic ? lifetime.maxPublic : lifetime.max }, false, isPublic ? 'the public crowd allows 60–43200 s (12 hours)' : 'use 60–2592000 s (30 days)');
    const mct = numericLimits.MaxConcurrentTaskCount;
    integer('HumanTaskConfig.MaxConcurrentTaskCount', h.MaxConcurrentTaskCount, mct, false, 'use 1–5000');
    if ((h.MaxConcurrentTaskCount ?? 0) > mct.supportAbove && (h.MaxConcurrentTaskCount ?? 0) <= mct.max) {
      warning('HumanTaskConfig.MaxConcurrentTaskCount', `${h.MaxConcurrentTaskCount} is above 1,000, which needs a limit increase from AWS Support`, 'ask AWS Support, or keep it at 1,000 or less');
    }
    if (isPublic) {
      const price = h.PublicWorkforceTaskPrice?.AmountInUsd;
      if (!price) error('HumanTaskConfig.PublicWorkforceTaskPrice', 'is required for the public crowd', 'set workforce.priceUsd');
      else {
        const usd = (price.Dollars ?? 0) + (price.Cents ?? 0) / 100 + (price.TenthFractionsOfACent ?? 0) / 1000;
        const listed = (prices: readonly number[]) => prices.some((p) => Math.abs(p - usd) < 1e-9);
        // Every gtkit job is a custom one (its own template and Lambdas), so the custom list decides;
        // AWS's bounding-box list starts higher, which is advice here, not a refusal.
        if (!listed(publicPricesCustom)) {
          error('HumanTaskConfig.PublicWorkforceTaskPrice.AmountInUsd', `$${usd.toFixed(3)} is not an allowed price`, `use one of ${publicPricesCustom.map((p) => p.toFixed(3)).join(', ')}`);
        } else if (options.taskType === 'bounding-box' && !listed(publicPricesBoundingBox)) {
          warning('HumanTaskConfig.PublicWorkforceTaskPrice.AmountInUsd', `$${usd.toFixed(3)} is below the prices AWS lists for bounding boxes (from $${publicPricesBoundingBox[0]?.toFixed(3)}); as a custom job it is allowed`, `use ${publicPricesBoundingBox[0]?.toFixed(3)} or more if workers pass the task over`);
        }
      }
      if (!classifiers.includes('FreeOfPersonallyIdentifiableInformation')) {
        error(contentClassifiersPath, 'the public crowd needs "FreeOfPersonallyIdentifiableInformation" (the job fails without it)', 'add it to workforce.contentClassifiers, after checking your data holds no personal information');
      }
    } else if (h.PublicWorkforceTaskPrice) {
      warning('HumanTaskConfig.PublicWorkforceTaskPrice', 'is only used by the public crowd', 'remove it');
    }
  }

  // The functions, topics, work team, KMS key and other Regional ARNs.
  if (region) problems.push(...arnRegionProblems(request, region));
  problems.push(...tagProblems(request.Tags ?? []));
  return problems;
}

/**
 * For an ASCII-only pattern (a job name, a keyword) that the value fails only because of its
 * characters outside ASCII, the first of them: "letters" in the message reads as if `é` or `ß`
 * were allowed, and they are not.
 */
function nonAsciiCharacter(value: string, pattern: RegExp): string | undefined {
  const characters = [...value];
  const index = characters.findIndex((c) => (c.codePointAt(0) ?? 0) > 0x7f);
  if (index < 0 || !pattern.test(characters.map((c) => ((c.codePointAt(0) ?? 0) > 0x7f ? 'a' : c)).join(''))) return undefined;
  return characterAt(characters, index);
}

/** `"é" (U+00E9) at character 11`, for an error message. */
function characterAt(characters: string[], index: number): string | undefined {
  const c = characters[index];
  if (c === undefined) return undefined;
  return `${JSON.stringify(c)} (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}) at character ${index + 1}`;
}

/**
 * For a pattern that only lists the characters a field may hold (`^[…]*$`), which one is not:
 * `"🔥" (U+1F525) at character 1` — an emoji in a title is easy to miss in a long text. Undefined for patterns about the whole shape (a name, an ARN).
 */
function offendingCharacter(value: string, pattern: RegExp): string | undefined {
  if (!/^\^\[.*\]\*\$$/.test(pattern.source)) return undefined;
  const characters = [...value];
  return characterAt(characters, characters.findIndex((c) => !pattern.test(c)));
}

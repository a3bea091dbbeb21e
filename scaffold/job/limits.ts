/**
 * CreateLabelingJob field limits, from the SageMaker service model (botocore
 * `sagemaker/2017-07-24/service-2.json`) as summarised in reference/ground-truth.md §7.
 * Patterns are full-matched (the newest model drops the anchors); lengths are checked apart.
 */
export interface FieldLimit {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** Said in the error: what the pattern means in words. */
  patternHelp?: string;
}

const s3Uri: FieldLimit = { max: 1024, pattern: /^(https|s3):\/\/([^/]+)\/?(.*)$/, patternHelp: 's3://bucket/key (or https://)' };
const lambdaArn: FieldLimit = { max: 2048, pattern: /^arn:aws[a-z-]*:lambda:[a-z0-9-]*:[0-9]{12}:function:.*$/, patternHelp: 'arn:aws:lambda:<region>:<account>:function:<name>' };
const snsArn: FieldLimit = { max: 2048, pattern: /^arn:aws[a-z-]*:sns:[a-z0-9-]*:[0-9]{12}:[a-zA-Z0-9_.-]+$/, patternHelp: 'arn:aws:sns:<region>:<account>:<topic>' };
const kmsKeyId: FieldLimit = { max: 2048, pattern: /^[a-zA-Z0-9:/_-]*$/, patternHelp: 'a key id, key ARN or alias (letters, digits, : / _ -)' };

export const limits = {
  LabelingJobName: { min: 1, max: 63, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, patternHelp: 'letters, digits and hyphens, starting and ending with a letter or digit' },
  LabelAttributeName: { min: 1, max: 127, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,126}$/, patternHelp: 'letters, digits and hyphens, starting and ending with a letter or digit' },
  ManifestS3Uri: s3Uri,
  S3OutputPath: s3Uri,
  LabelCategoryConfigS3Uri: s3Uri,
  UiTemplateS3Uri: s3Uri,
  SnsTopicArn: snsArn,
  KmsKeyId: kmsKeyId,
  RoleArn: { min: 20, max: 2048, pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/, patternHelp: 'arn:aws:iam::<12-digit account>:role/<name>' },
  WorkteamArn: { max: 256, pattern: /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:workteam\/.*$/, patternHelp: 'arn:aws:sagemaker:<region>:<account>:workteam/<type>/<name>' },
  LambdaArn: lambdaArn,
  TaskTitle: { min: 1, max: 128, pattern: /^[\t\n\r -\uD7FF\uE000-\uFFFD]*$/u, patternHelp: 'printable characters' },
  TaskDescription: { min: 1, max: 255, pattern: /^.+$/s, patternHelp: 'any text' },
  TaskKeyword: { min: 1, max: 30, pattern: /^[A-Za-z0-9]+( [A-Za-z0-9]+)*$/, patternHelp: 'letters and digits separated by single spaces (no hyphens)' },
  TagKey: { min: 1, max: 128, pattern: /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u, patternHelp: 'letters, digits, spaces and _ . : / = + - @' },
  TagValue: { min: 0, max: 256, pattern: /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u, patternHelp: 'letters, digits, spaces and _ . : / = + - @' },
} satisfies Record<string, FieldLimit>;

export const numericLimits = {
  NumberOfHumanWorkersPerDataObject: { min: 1, max: 9 },
  /** Model minimum 30; the docs give 28,800 (8 hours) as the maximum for custom tasks. */
  TaskTimeLimitInSeconds: { min: 30, max: 28_800 },
  /** Model minimum 60; docs: private/vendor up to 30 days, the public crowd up to 12 hours. */
  TaskAvailabilityLifetimeInSeconds: { min: 60, max: 2_592_000, maxPublic: 43_200 },
  MaxConcurrentTaskCount: { min: 1, max: 5000, supportAbove: 1000 },
  MaxHumanLabeledObjectCount: { min: 1, max: Number.MAX_SAFE_INTEGER },
  MaxPercentageOfInputDatasetLabeled: { min: 1, max: 100 },
  TaskKeywords: { min: 1, max: 5 },
  Tags: { min: 0, max: 50 },
  ContentClassifiers: { min: 0, max: 256 },
} as const;

export const contentClassifierValues = ['FreeOfPersonallyIdentifiableInformation', 'FreeOfAdultContent'] as const;

/** Allowed public-crowd prices in USD (reference §7.2). Image/text classification and custom jobs: */
export const publicPricesCustom = [0.012, 0.024, 0.036, 0.048, 0.06, 0.072, 0.12, 0.24, 0.36, 0.48, 0.6, 0.72, 0.84, 0.96, 1.08, 1.2] as const;
/** Bounding-box jobs: the same list without 0.012 and 0.024. */
export const publicPricesBoundingBox = publicPricesCustom.filter((p) => p >= 0.036);

/** The account that owns the public (Mechanical Turk) workteam in every region. */
export const publicCrowdAccount = '394669845002';
export function publicCrowdWorkteamArn(region: string): string {
  return `arn:aws:sagemaker:${region}:${publicCrowdAccount}:workteam/public-crowd/default`;
}

/** `{Dollars, Cents, TenthFractionsOfACent}` for a USD amount such as 0.036. */
export function priceToAmount(usd: number): { Dollars: number; Cents: number; TenthFractionsOfACent: number } {
  const tenths = Math.round(usd * 1000);
  return { Dollars: Math.floor(tenths / 1000), Cents: Math.floor((tenths % 1000) / 10), TenthFractionsOfACent: tenths % 10 };
}

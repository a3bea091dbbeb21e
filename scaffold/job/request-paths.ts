import type { DeployState } from '../deploy/state.ts';

/** Where the CreateLabelingJob request holds each function's ARN. */
export const lambdaArnPaths = {
  pre: 'HumanTaskConfig.PreHumanTaskLambdaArn',
  acs: 'HumanTaskConfig.AnnotationConsolidationConfig.AnnotationConsolidationLambdaArn',
} as const;

/** Where it holds the job's output location. */
export const outputPathField = 'OutputConfig.S3OutputPath';

/** Where it holds the location of each file `gtkit deploy` uploads. */
export const uploadPaths = {
  template: 'HumanTaskConfig.UiConfig.UiTemplateS3Uri',
  labelCategories: 'LabelCategoryConfigS3Uri',
  manifest: 'InputConfig.DataSource.S3DataSource.ManifestS3Uri',
} as const satisfies Record<keyof DeployState['uploads'], string>;

/** gtkit's task-project side for tools and scripts (a task's gtkit.config.ts imports the lighter `gtkit/config`). */
export { defineTask, defaultTaskFiles, labelNames, type TaskConfig, type LabelDefinition, type Workforce, type LambdaSettings } from './config/define-task.ts';
export { buildJob, type BuiltJob, type JobInputs } from './job/build-request.ts';
export { validateJobRequest, type JobProblem } from './job/validate-request.ts';
export { buildLabelCategoryConfig, type LabelCategoryConfig } from './job/label-categories.ts';
export { loadTask, type LoadedTask } from './task/load-task.ts';
export { startPreview, type PreviewServer } from './preview/index.ts';

import { getTaskType } from '../../lambdas/task-types/registry.ts';
import type { TaskConfig } from '../config/define-task.ts';

/** The label-category configuration file (`LabelCategoryConfigS3Uri`), reference §7.4. */
export interface LabelCategoryConfig {
  'document-version': '2018-11-28';
  labels: Array<{ label: string; shortDisplayName?: string }>;
  instructions?: { shortInstruction: string; fullInstruction: string };
}

/**
 * Builds the label-category file for a task. Types whose definition asks for it (named entity)
 * also carry the instructions, and labels keep their short display name (the built-in NER UI
 * requires both).
 */
export function buildLabelCategoryConfig(config: Pick<TaskConfig, 'type' | 'labels' | 'task'>): LabelCategoryConfig {
  const labels = config.labels.map((l) => (typeof l === 'string' ? { label: l } : { label: l.label, ...(l.shortDisplayName ? { shortDisplayName: l.shortDisplayName } : {}) }));
  const out: LabelCategoryConfig = { 'document-version': '2018-11-28', labels };
  if (getTaskType(config.type).labelCategoryInstructions) {
    out.instructions = { shortInstruction: `<p>${escapeHtml(config.task.title)}</p>`, fullInstruction: `<p>${escapeHtml(config.task.description)}</p>` };
  }
  return out;
}

/**
 * The label-category file's bytes: what `gtkit deploy` uploads (and `--emit-cloudformation` writes
 * for its copy step) and what `gtkit job` writes beside the request. One serialisation, so the
 * file you are told to upload is the one deploy uploads, and an unchanged config uploads nothing.
 */
export function labelCategoryFileText(categories: LabelCategoryConfig): string {
  return `${JSON.stringify(categories, null, 2)}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { registerInitCommand } from '../../../scaffold/commands/init.ts';
import { labelNames } from '../../../scaffold/config/define-task.ts';
import { generalWording } from '../../../scaffold/init/general-wording.ts';
import { buildConfig, initTask } from '../../../scaffold/init/init-task.ts';
import { sampleData } from '../../../scaffold/init/samples.ts';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-own-labels-wording-');

/** Runs `gtkit init <args>` through its registered command: what it printed, and the error it ended with. */
async function init(args: string[]): Promise<{ out: string[]; error: unknown }> {
  const out: string[] = [];
  const program = new Command().exitOverride();
  registerInitCommand(program, { out: (l) => out.push(l), err: () => undefined });
  const error = await program.parseAsync(['init', ...args, '--yes'], { from: 'user' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { out, error };
}

/** The config texts that say what the task is about. */
function wordingOf(config: ReturnType<typeof buildConfig>) {
  return { labelAttributeName: config.labelAttributeName, title: config.task.title, description: config.task.description, keywords: config.task.keywords };
}

describe.each(taskTypeNames)('gtkit init --type %s --labels (the author\'s labels)', (type) => {
  const config = buildConfig({ dir: type, type, labels: ['spam', 'ham'] });
  const sample = sampleData(type);

  it('writes the general wording, which names none of the sample labels nor the sample\'s label attribute', () => {
    const { labelAttributeName, title, description, keywords } = sample;
    expect(wordingOf(config)).toEqual({ labelAttributeName, title, description, keywords, ...generalWording[type] });
    const texts = [config.task.title, config.task.description, ...(config.task.keywords ?? [])].join(' ');
    const sampleWords = [...labelNames(sample), ...(sample.labelAttributeName === config.labelAttributeName ? [] : [sample.labelAttributeName])];
    for (const word of sampleWords) expect(texts).not.toMatch(new RegExp(`\\b${word}\\b`, 'i'));
    for (const label of labelNames(sample)) expect(config.labelAttributeName).not.toBe(label);
  });

  it('a wording the job check takes', () => {
    expect(buildJob(config).problems.filter((p) => p.severity === 'error' && !p.path.endsWith('LambdaArn'))).toEqual([]);
  });

  it("keeps the sample's wording without --labels, and what a flag gives in either case", () => {
    const { labelAttributeName, title, description, keywords } = sample;
    expect(wordingOf(buildConfig({ dir: 'x', type }))).toEqual({ labelAttributeName, title, description, keywords });
    const given = { labelAttributeName: 'sku-kind', title: 'Which product is it?', description: 'Pick the kind of product in the photo.' };
    for (const labels of [undefined, ['spam', 'ham']]) {
      expect(wordingOf(buildConfig({ dir: 'x', type, ...given, ...(labels ? { labels } : {}) }))).toEqual({ ...given, keywords: labels ? (generalWording[type].keywords ?? keywords) : keywords });
    }
  });

  it('the general wording holds only the texts that differ from the sample\'s', () => {
    for (const [field, text] of Object.entries(generalWording[type])) expect(text, field).not.toEqual(sample[field as keyof typeof sample]);
  });
});

describe('gtkit init names the wording it wrote and where to change it', () => {
  it("--labels shirt,shoe,bag: the output's key is a category, not the sample's colour, and the closing step says the wording is general", async () => {
    const dir = join(temp.path, 'product');
    const { out, error } = await init([dir, '--type', 'image-classification', '--labels', 'shirt,shoe,bag']);
    expect(error).toBeUndefined();
    const config = await readFile(join(dir, 'gtkit.config.ts'), 'utf8');
    expect(config).toContain('labelAttributeName: "category"');
    expect(config).toContain('title: "Which label fits the picture?"');
    expect(config).not.toMatch(/colou?r|shape/i);
    expect(out.at(-1)?.split('\n').at(-1)).toBe(
      '  edit gtkit.config.ts for your job: its labelAttributeName "category", task.title, task.description and task.keywords are general wording for any image-classification task, and manifest.jsonl holds the sample objects (their truths moved onto your labels)',
    );
  });

  it("without --labels: the labels and texts are named as the sample's", async () => {
    const { out } = await init([join(temp.path, 'demo'), '--type', 'image-classification']);
    expect(out.at(-1)?.split('\n').at(-1)).toBe('  edit gtkit.config.ts for your job: its labels, labelAttributeName "colour", task.title, task.description and task.keywords are the sample\'s, written for the sample objects in manifest.jsonl');
  });

  it('texts given by --label-attribute, --title and --description are written and left out of the step; --json carries it', async () => {
    const dir = join(temp.path, 'named');
    const { out } = await init([dir, '--type', 'named-entity', '--labels', 'who,where', '--label-attribute', 'names', '--title', 'Tag the people and places', '--description', 'Select each name and tag it.', '--json']);
    const summary = JSON.parse(out.join('\n')) as { wordingStep: string };
    expect(summary.wordingStep).toBe('edit gtkit.config.ts for your job: its task.keywords are general wording for any named-entity task, and manifest.jsonl holds the sample objects (their truths moved onto your labels)');
    const config = await readFile(join(dir, 'gtkit.config.ts'), 'utf8');
    for (const written of ['labelAttributeName: "names"', 'title: "Tag the people and places"', 'description: "Select each name and tag it."']) expect(config).toContain(written);
  });

  it('a --title or --description the job check refuses names the flag, and nothing is written', async () => {
    const dir = join(temp.path, 'refused');
    await expect(initTask({ dir, type: 'text-classification', labels: ['a', 'b'], title: '' })).rejects.toThrow(
      new UsageError('these choices make a task that gtkit job or gtkit lint would reject; nothing was written:\n  --title (HumanTaskConfig.TaskTitle): is too short (0 < 1 characters) (give --title (1–128 characters))'),
    );
    const { error } = await init([dir, '--type', 'text-classification', '--description', 'x'.repeat(256)]);
    expect(error).toEqual(
      new UsageError('these choices make a task that gtkit job or gtkit lint would reject; nothing was written:\n  --description (HumanTaskConfig.TaskDescription): is too long (256 > 255 characters) (give --description (1–255 characters))'),
    );
  });
});

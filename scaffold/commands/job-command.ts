import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SageMakerClient, type DescribeLabelingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { S3Client } from '@aws-sdk/client-s3';
import { CliError, ExitCode } from '../cli/exit-codes.ts';
import { writeWhole } from '../cli/write-whole.ts';
import { paint, processOutput, type Output } from '../cli/output.ts';
import { labelCategoryFileText } from '../job/label-categories.ts';
import { buildJob, type JobInputs } from '../job/build-request.ts';
import { awsErrorName } from '../deploy/aws-errors.ts';
import { createLabelingJob, endedBadly, explainSageMakerError, formatJobProgress, watchLabelingJob } from '../job/submit.ts';
import type { JobProblem } from '../job/validate-request.ts';
import { loadTask } from '../task/load-task.ts';
import { readJobInputs } from '../job/job-inputs.ts';
import { checkJobManifest } from '../job/job-manifest.ts';
import { exampleAccountProblem } from '../job/example-account.ts';
import { bucketRegionProblems } from '../job/bucket-regions.ts';
import { streamedDataPrefixes } from '../deploy/policies.ts';
import { shellWord, shownPath } from '../cli/paths.ts';
import { checkOutputFileFlag } from '../cli/make-folder.ts';

export interface JobCommandOptions {
  out?: string;
  stackOutputs?: string;
  create?: boolean;
  watch?: boolean;
  json?: boolean;
}

/** Dependencies a test replaces. */
export interface JobCommandDeps {
  output: Output;
  sagemaker: (region: string) => SageMakerClient;
  /** For the Region check of the job's buckets before --create sends the request. */
  s3: (region: string) => S3Client;
  sleep?: (ms: number) => Promise<void>;
  /** Where Ctrl-C arrives (SIGINT) while watching, and how the process ends then. */
  signals?: Pick<NodeJS.EventEmitter, 'once' | 'off'>;
  exit?: (code: number) => void;
}

export async function runJobCommand(dir: string, options: JobCommandOptions, partialDeps: Partial<JobCommandDeps> = {}): Promise<void> {
  const deps: JobCommandDeps = { output: processOutput, sagemaker: (region) => new SageMakerClient({ region }), s3: (region) => new S3Client({ region }), ...partialDeps };
  const task = await loadTask(dir);
  // The manifest the request sends, checked as lint checks it (a streaming job sends none: its sample only feeds lint, run and preview).
  const manifest = task.config.streaming ? undefined : await checkJobManifest(task, { missing: 'warning' });
  const manifestLines = manifest?.read ? { file: task.paths.manifest, lines: manifest.read.lines } : undefined;
  const inputs: JobInputs = await readJobInputs(task.dir, options.stackOutputs, task.config, manifestLines);
  const job = buildJob(task.config, { ...inputs, problems: [...(manifest?.problems ?? []), ...(inputs.problems ?? [])] });
  // gtkit init's example account: a warning while the request is only written, an error before it is sent.
  const example = exampleAccountProblem(task.config, options.create ? 'error' : 'warning');
  if (example) job.problems.push(example);
  // Where the buckets are (the task's, the manifest's data, a streaming job's data folders) is known only to S3: asked before a request that is otherwise fine is sent.
  if (options.create && !job.problems.some((p) => p.severity === 'error')) {
    const data = { manifest: inputs.manifestData, streamedFolders: streamedDataPrefixes(task.config) };
    job.problems.push(...(await bucketRegionProblems(deps.s3(task.config.region), job.request, data, { region: task.config.region, ...(deps.sleep ? { sleep: deps.sleep } : {}) })));
  }
  const errors = job.problems.filter((p) => p.severity === 'error');
  const outFile = options.out ?? join(task.dir, '.gtkit', 'request.json');
  // A task without labels (free text) has no label-category file in its request, so none is written.
  const labelsFile = job.request.LabelCategoryConfigS3Uri ? join(dirname(outFile), 'label-categories.json') : undefined;
  if (errors.length === 0) {
    // A -o that is a folder, or in one that cannot be made, is that flag's usage error; writeWhole makes the default one.
    if (options.out !== undefined) await checkOutputFileFlag(options.out, '-o', "the request's file name", 'request.json');
    // Whole or not at all: a Ctrl-C during the write leaves the old request as it was.
    await writeWhole(outFile, `${JSON.stringify(job.request, null, 2)}\n`, 'give -o a file in a folder gtkit may write');
    // The bytes gtkit deploy uploads (labelCategoryFileText), so the file you are told to upload is that one.
    if (labelsFile) await writeWhole(labelsFile, labelCategoryFileText(job.labelCategories), 'give -o a file in a folder gtkit may write');
  }
  let jobArn: string | undefined;
  if (errors.length === 0 && options.create) {
    const client = deps.sagemaker(task.config.region);
    try {
      jobArn = await createLabelingJob(client, job.request);
    } catch (error) {
      throw new CliError(explainSageMakerError(error, job.request, { region: task.config.region }));
    }
  }
  const summary = { ok: errors.length === 0, requestFile: errors.length === 0 ? outFile : null, labelCategoriesFile: errors.length === 0 ? (labelsFile ?? null) : null, jobArn: jobArn ?? null, problems: job.problems, request: job.request };
  if (!options.json) {
    for (const p of job.problems) deps.output.err(formatProblem(p));
    if (errors.length === 0) {
      deps.output.out(`request written to ${shownPath(outFile)}`);
      if (labelsFile) deps.output.out(`label categories written to ${shownPath(labelsFile)} (upload to ${job.request.LabelCategoryConfigS3Uri})`);
      // Quoted for the shell when the path has spaces or quotes, so the line can be pasted as it is.
      if (!options.create) deps.output.out(`submit with: aws sagemaker create-labeling-job --cli-input-json ${shellWord(`file://${outFile}`)}  (or gtkit job --create)`);
    }
    if (jobArn) deps.output.out(`created ${jobArn}`);
  }
  if (errors.length > 0) {
    if (options.json) deps.output.out(JSON.stringify(summary, null, 2));
    // A request written by an earlier run is still there; its submit line would send the old request.
    const stale = existsSync(outFile) ? `; ${shownPath(outFile)} is from an earlier run (its submit line sends that request, not this one)` : '';
    throw new CliError(`the request has ${errors.length} error(s); nothing was written${stale}`);
  }
  if (!options.watch) {
    if (options.json) deps.output.out(JSON.stringify(summary, null, 2));
    return;
  }
  // With --json, stdout carries one JSON document, printed when the watch ends: progress goes to stderr.
  const progress = options.json ? deps.output.err : deps.output.out;
  if (!jobArn) progress(`watching ${job.request.LabelingJobName}`);
  let final: DescribeLabelingJobCommandOutput | undefined;
  let failure: string | undefined;
  // Ctrl-C stops gtkit, not the job (which is billed until it ends): say so, and how to go on.
  const signals = deps.signals ?? process;
  const name = job.request.LabelingJobName ?? '';
  const onInterrupt = () => {
    deps.output.err(`stopped watching; the labeling job ${name} keeps running. Follow it again with gtkit job --watch, or stop it with: aws sagemaker stop-labeling-job --labeling-job-name ${shellWord(name)} --region ${task.config.region}`);
    (deps.exit ?? process.exit)(ExitCode.interrupted);
  };
  signals.once('SIGINT', onInterrupt);
  try {
    final = await watchLabelingJob(deps.sagemaker(task.config.region), job.request.LabelingJobName ?? '', (j) => progress(formatJobProgress(j)), {
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      onRetry: (e, n, ms) => deps.output.err(`  DescribeLabelingJob: ${awsErrorName(e)}, retry ${n} in ${(ms / 1000).toFixed(1)} s`),
    });
    failure = endedBadly(final, job.request);
  } catch (error) {
    failure = explainSageMakerError(error, job.request, { phase: 'watch', region: task.config.region, createdNow: jobArn !== undefined });
  } finally {
    signals.off('SIGINT', onInterrupt);
  }
  // A watch that failed, or a job that ended badly, is a failed command: `ok` says so as the exit code does.
  if (options.json) deps.output.out(JSON.stringify({ ...summary, ok: summary.ok && !failure, job: final ? jobStatus(final) : null, ...(failure ? { error: failure } : {}) }, null, 2));
  if (failure) throw new CliError(failure);
}

/** The end of a watched job, for --json. */
function jobStatus(job: DescribeLabelingJobCommandOutput) {
  return {
    status: job.LabelingJobStatus ?? null,
    labelCounters: job.LabelCounters ?? null,
    failureReason: job.FailureReason ?? null,
    outputDatasetS3Uri: job.LabelingJobOutput?.OutputDatasetS3Uri ?? null,
  };
}

function formatProblem(p: JobProblem): string {
  const tag = p.severity === 'error' ? paint('red', 'error', process.stderr) : paint('yellow', 'warning', process.stderr);
  return `${tag} ${p.path}: ${p.message}\n  fix: ${p.fix}`;
}

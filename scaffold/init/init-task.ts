import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { mkdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TaskTypeName } from '../../lambdas/task-types/names.ts';
import { lineSource, sourceDigest } from '../run/answer-placement.ts';
import { exampleAccount } from '../job/example-account.ts';
import { getOwn } from '../../lambdas/contracts/own-property.ts';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import { answerKindExports } from '../../lambdas/task-types/kinds/kind.ts';
import { taskTemplates } from '../../templates/catalog/index.ts';
import { lintTemplate } from '../../templates/lint/index.ts';
import type { LintTaskInput } from '../../templates/lint/types.ts';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { FolderError, makeFolder } from '../cli/make-folder.ts';
import { fileSystemReason } from '../cli/output.ts';
import { defaultTaskFiles, labelNames, type StreamingSettings, type TaskConfig, type Workforce } from '../config/define-task.ts';
import { keyPrefixProblem } from '../config/validate-config.ts';
import { functionNames } from '../deploy/names.ts';
import { buildJob } from '../job/build-request.ts';
import { contentClassifiersPath, type JobProblem } from '../job/validate-request.ts';
import { limits } from '../job/limits.ts';
import { iamArnParts } from '../job/locations.ts';
import { partitionOf } from '../job/aws-place.ts';
import { simulateAnswers, simulatedWorkers } from '../run/simulate.ts';
import { acsFieldsOf } from '../task/task-cross-checks.ts';
import { acsSource, configSource, gitignoreSource, preSource, testSource } from './files.ts';
import { sampleData } from './samples.ts';
import { labelMapping, withMappedTruth } from './sample-truth.ts';
import { chosenWording, wordingStep } from './general-wording.ts';

/** Everything `gtkit init` asks, each with a flag. */
export interface InitAnswers {
  dir: string;
  type: TaskTypeName;
  jobName?: string;
  labelAttributeName?: string;
  labels?: string[];
  /** The task's title and description for workers (`--title`, `--description`); default: the sample's, or with `labels` the general wording. */
  title?: string;
  description?: string;
  region?: string;
  roleArn?: string;
  workforce?: 'private' | 'vendor' | 'public';
  workteamArn?: string;
  priceUsd?: number;
  bucket?: string;
  prefix?: string;
  /** A streaming job's topics and data folders (`--input-topic`, `--output-topic`, `--data-prefixes`). */
  streaming?: StreamingSettings;
  workersPerObject?: number;
  timeLimitSeconds?: number;
  force?: boolean;
  /** Dependency spec for gtkit in the task's package.json (default: this checkout, or the version). */
  gtkitSpec?: string;
}

/**
 * The names a generated pre.ts / acs.ts imports from `gtkit/task-types`: the definition (camel case
 * of the type's name), its task-input builder (`<definition>TaskInputOf`, which the PRE calls so it
 * bundles that function alone), its task input type and its answer kind's consolidation.
 */
export function typeExports(type: TaskTypeName): { name: string; taskInputOf: string; input: string; kind: string } {
  const definition = getTaskType(type);
  const name = type.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return { name, taskInputOf: `${name}TaskInputOf`, input: definition.taskInputType, kind: answerKindExports[definition.answerKind] };
}

export const gtkitRoot = realpathSync(fileURLToPath(new URL('../../', import.meta.url)));

/** Latin letters NFKD does not take apart (a stroke or a ligature, not an accent), with their usual ASCII spelling. */
const asciiSpellings: Record<string, string> = { ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', ł: 'l', Ł: 'L', þ: 'th', Þ: 'Th', ħ: 'h', Ħ: 'H', ı: 'i' };

/** How `gtkit init` named the job after its folder. */
export interface DerivedJobName {
  name: string;
  /** The folder's name, as the job name was made from it. */
  folder: string;
  /** How much of the folder name the job name kept: all of its letters and digits, some, or none (a fallback name). */
  kept: 'all' | 'some' | 'none';
}

/**
 * A job name from a folder name: letters, digits and single hyphens, 63 at most. Accents are
 * dropped from the letters that carry them (`Ünïcödé Tâsk` → `Unicode-Task`). A folder name
 * with no letter or digit left (`猫の分類`) gets `gtkit-task-` and 6 hex digits of its hash (one
 * with some left, `猫 cats`, gets them after what is left: `cats-<hash>`), so
 * that two such folders do not share their S3 prefix and Lambda names; an ASCII name with no
 * letter or digit keeps the `gtkit-task` it always had.
 */
export function derivedJobName(dir: string): DerivedJobName {
  const folder = basename(resolve(dir));
  // NFKD takes "Ü" apart into "U" and a combining mark, and dropping the marks leaves the letter.
  const folded = folder
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x00-\x7f]/g, (c) => asciiSpellings[c] ?? c);
  const name = folded
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  // Letters or digits left that are not ASCII: the name below drops them.
  const dropped = /[\p{L}\p{N}]/u.test(folded.replace(/[\x00-\x7f]/g, ''));
  const digest = () => createHash('sha256').update(folder.normalize('NFC')).digest('hex').slice(0, 6);
  // Letters dropped: `猫 cats` and `犬 cats` would both be `cats`, so the hash of the whole name tells them apart.
  if (name !== '') return { name: dropped ? `${name.slice(0, 56).replace(/-+$/, '')}-${digest()}` : name, folder, kept: dropped ? 'some' : 'all' };
  if (!/[^\x00-\x7f]/.test(folder)) return { name: 'gtkit-task', folder, kept: 'none' };
  return { name: `gtkit-task-${digest()}`, folder, kept: 'none' };
}

/** The job name `gtkit init` gives a folder when no --job-name is given (see derivedJobName). */
export function jobNameFrom(dir: string): string {
  return derivedJobName(dir).name;
}

/**
 * One line saying that the job name lost some or all of the folder's name, and how to choose
 * another; undefined when it kept every letter and digit.
 */
export function jobNameNote(derived: DerivedJobName): string | undefined {
  const again = 'to choose another, run gtkit init again with --job-name <name> --force before you edit the files';
  if (derived.kept === 'all') return undefined;
  if (derived.kept === 'none') return `note: the folder name ${JSON.stringify(derived.folder)} has no letter or digit a job name can use (A–Z, a–z, 0–9), so the job name is ${derived.name}; ${again}`;
  return `note: the job name ${derived.name} keeps only the letters and digits of ${JSON.stringify(derived.folder)} that a job name can use (A–Z, a–z, 0–9); ${again}`;
}

export function buildConfig(a: InitAnswers): TaskConfig {
  const samples = sampleData(a.type);
  const jobName = a.jobName ?? jobNameFrom(a.dir);
  const region = a.region ?? 'us-east-1';
  const account = iamArnParts(a.roleArn)?.account ?? exampleAccount;
  // China and GovCloud roles put the team in their own partition, as the functions are.
  const partition = iamArnParts(a.roleArn)?.partition ?? partitionOf(region);
  const workforce: Workforce =
    a.workforce === 'public'
      ? // Left empty: declaring the data free of personal information is the user's statement to AWS, made after checking it (configSource says so, gtkit job and lint ask for it).
        { kind: 'public', priceUsd: a.priceUsd ?? 0.036, contentClassifiers: [] }
      : { kind: a.workforce ?? 'private', workteamArn: a.workteamArn ?? `arn:${partition}:sagemaker:${region}:${account}:workteam/private-crowd/my-team` };
  const labels = a.labels ?? samples.labels;
  const wording = chosenWording(a, samples);
  const isPublic = workforce.kind === 'public';
  return {
    type: a.type,
    jobName,
    labelAttributeName: wording.labelAttributeName,
    labels,
    region,
    roleArn: a.roleArn ?? `arn:${partition}:iam::${account}:role/SageMakerGroundTruthExecutionRole`,
    workforce,
    task: {
      title: wording.title,
      description: wording.description,
      keywords: wording.keywords,
      workersPerObject: a.workersPerObject ?? 3,
      timeLimitSeconds: a.timeLimitSeconds ?? 300,
      availabilityLifetimeSeconds: isPublic ? 21_600 : 864_000,
      maxConcurrentTaskCount: 1000,
    },
    s3: { bucket: a.bucket ?? `sagemaker-${region}-${account}-groundtruth`, prefix: a.prefix ?? jobName },
    ...(a.streaming ? { streaming: a.streaming } : {}),
    tags: { 'created-by': 'gtkit' },
    lambdas: {
      pre: { functionName: functionNames(jobName).pre, memoryMb: 256, timeoutSeconds: 30 },
      acs: { functionName: functionNames(jobName).acs, memoryMb: 1024, timeoutSeconds: 300 },
      runtime: 'nodejs24.x',
    },
    consolidation: { algorithm: getTaskType(a.type).defaultAlgorithm },
  };
}

/** How the task folder depends on gtkit: a link to this checkout, or the published version. */
export function gtkitDependencySpec(given?: string): string {
  if (given) return given;
  const inNodeModules = gtkitRoot.split(/[\\/]/).includes('node_modules');
  return inNodeModules ? `^${gtkitVersion()}` : `file:${gtkitRoot}`;
}

let ownPackage: { version: string; devDependencies?: Record<string, string> } | undefined;

/** The running gtkit's package.json, read once (init asks it for the version and the type-check tools). */
function gtkitPackage(): { version: string; devDependencies?: Record<string, string> } {
  ownPackage ??= JSON.parse(readFileSync(join(gtkitRoot, 'package.json'), 'utf8')) as { version: string; devDependencies?: Record<string, string> };
  return ownPackage;
}

/** Resolves a module as the running gtkit sees it (its own TypeScript and Node types). */
function resolveFromGtkit(specifier: string): string {
  return createRequire(join(gtkitRoot, 'package.json')).resolve(specifier);
}

function gtkitVersion(): string {
  return gtkitPackage().version;
}

/**
 * What the task's `tsconfig.json` (`types: ["node"]`) and `npm run typecheck` need, at the
 * versions gtkit is checked with: neither comes with gtkit itself, whose devDependencies they are.
 */
function typeCheckDependencies(): Record<string, string> {
  const own = gtkitPackage().devDependencies ?? {};
  return Object.fromEntries(['@types/node', 'typescript'].flatMap((name) => (own[name] ? [[name, own[name]]] : [])));
}

export interface InitResult {
  dir: string;
  files: string[];
  linked: boolean;
  /** The job name written to gtkit.config.ts (given, or made from the folder name). */
  jobName: string;
  /** What init chose that the user may want to change (a job name that lost the folder's letters). */
  notes: string[];
  /** What gtkit lint and gtkit job will warn about in the labels given (two that differ only in case), as `path: message (fix)`. */
  warnings: string[];
  /** The closing step naming the config texts init wrote from the sample or in general wording, and where to change them. */
  wordingStep: string;
}

/**
 * Refuses a key prefix (`--prefix`, or the job name it defaults to) the sample objects cannot be
 * written under: `..` would put them outside the task folder. The one check and message for both
 * `gtkit init`'s flags (`fromFlags`) and `initTask`, which guards callers that bring no flags.
 */
export function checkKeyPrefix(prefix: string): void {
  const problem = keyPrefixProblem(prefix);
  if (problem) throw new UsageError(`--prefix: ${problem}; nothing was written`);
}

/**
 * Refuses a job name Ground Truth would refuse, before the key prefix (which defaults to it) and
 * the function names made from it: a bad name is then the `--job-name`'s fault, not `--prefix`'s.
 * The one check and message for `gtkit init`'s flags and for `initTask`'s other callers.
 */
export function checkJobName(jobName: string): void {
  if (!limits.LabelingJobName.pattern.test(jobName)) {
    throw new UsageError(`--job-name must be 1–63 ${limits.LabelingJobName.patternHelp} (Ground Truth's LabelingJobName), got ${JSON.stringify(jobName)}; nothing was written`);
  }
}

/**
 * Writes a task folder that passes `gtkit lint`, `gtkit run` and its own test with no edits.
 * Never overwrites a file unless `force`; all conflicts are reported before anything is written.
 */
export async function initTask(a: InitAnswers): Promise<InitResult> {
  const dir = resolve(a.dir);
  if (insideNodeModules(dir)) throw new UsageError(`${dir} is inside a node_modules folder, where Node would not find gtkit for the task; pick a folder outside node_modules`);
  // Guard every caller (the prompts, the demo, scripts), not only the flags.
  if (a.jobName !== undefined) checkJobName(a.jobName);
  const config = buildConfig(a);
  checkKeyPrefix(config.s3.prefix);
  const samples = sampleData(a.type);
  const type = getTaskType(a.type);
  const prefix = `s3://${config.s3.bucket}/${config.s3.prefix}`;
  // Labels given in place of the sample's: the sample truths move onto them, as the simulated workers read them.
  const truthLabels = a.labels ? labelMapping(samples.labels, config.labels) : new Map<string, string>();
  const manifestLines = samples.lines.map((l) => withMappedTruth(JSON.parse(JSON.stringify(l).replaceAll('{{prefix}}', prefix)) as Record<string, unknown>, truthLabels));
  const labelDefs = config.labels.map((l) => (typeof l === 'string' ? { label: l } : l));
  const taskInputs = manifestLines.map((line, i) => ({ origin: `${defaultTaskFiles.manifest}:${i + 1}`, taskInput: type.buildTaskInput(line, labelDefs) }));
  // Before the sample answers: the job and lint checks name what is wrong (a label given twice
  // would leave a simulated worker nothing sensible to pick). The job check runs once: its
  // errors refuse the answers, its label warnings are passed on.
  const jobProblems = buildJob(config).problems;
  const invalid = await scaffoldProblems(a, config, jobProblems, taskTemplates[a.type].source, taskInputs);
  if (invalid.length > 0) throw new UsageError(`these choices make a task that gtkit job or gtkit lint would reject; nothing was written:\n  ${invalid.join('\n  ')}`);
  const workers = simulatedWorkers({ workers: config.task.workersPerObject, seed: 7, accuracy: [0.8, 0.95] }, config.region);
  // Each sample answer names the data it was given for, as the preview's answers do, so editing the sample manifest cannot move it.
  const answers = manifestLines.flatMap((line, i) =>
    simulateAnswers(type, String(i), line, taskInputs[i]!.taskInput, labelNames(config), workers, { workers: workers.length, seed: 7 }).map((answer) => ({ ...answer, sourceDigest: sourceDigest(lineSource(line)) })),
  );
  const exports = typeExports(a.type);
  // Where each sample object is written, under the task's local S3 copies; .gitignore keeps them committed.
  const samplePaths = samples.files.map((f) => join('s3', config.s3.bucket, config.s3.prefix, f.key));
  const files: Record<string, string | Buffer> = {
    [defaultTaskFiles.config]: configSource(config),
    [defaultTaskFiles.template]: taskTemplates[a.type].source,
    [defaultTaskFiles.pre]: preSource(exports.taskInputOf, exports.input, type.readsSourceText === true),
    [defaultTaskFiles.acs]: acsSource(exports.name, exports.kind),
    [defaultTaskFiles.manifest]: manifestLines.map((l) => JSON.stringify(l)).join('\n') + '\n',
    [defaultTaskFiles.answers]: answers.map((x) => JSON.stringify(x)).join('\n') + '\n',
    'task.test.ts': testSource(),
    'package.json': `${JSON.stringify(
      {
        name: config.jobName,
        private: true,
        type: 'module',
        scripts: { test: 'node --import gtkit/register --test task.test.ts', typecheck: 'tsc -p .', lint: 'gtkit lint', 'dry-run': 'gtkit run', preview: 'gtkit preview', build: 'gtkit build' },
        devDependencies: { gtkit: gtkitDependencySpec(a.gtkitSpec), ...typeCheckDependencies() },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', customConditions: ['gtkit-source'], strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, types: ['node'] } }, null, 2)}\n`,
    '.gitignore': gitignoreSource(samplePaths),
    'README.md': taskReadme(config, a.type),
  };
  samples.files.forEach((f, i) => (files[samplePaths[i] as string] = f.bytes));
  const outside = Object.keys(files).find((name) => relative(dir, resolve(dir, name)).startsWith('..'));
  if (outside !== undefined) throw new UsageError(`${outside} would be written outside ${dir}; check --bucket and --prefix. Nothing was written`);

  const conflicts = Object.keys(files).filter((f) => existsSync(join(dir, f)));
  if (conflicts.length > 0 && !a.force) {
    throw new CliError(`${dir} already has ${conflicts.join(', ')}; nothing was written. Use --force to overwrite, or pick another folder.`);
  }
  // The folder first, so a name the file system refuses (too long, a file in the way, no
  // permission) is reported before any file is written.
  // makeFolder, not mkdir's recursive mode, which never returns for a folder under /proc.
  await makeFolder(dir).catch((error: unknown) => {
    const why = error instanceof FolderError ? `${error.reason}${error.folder === resolve(dir) ? '' : ` (at ${error.folder})`}` : fileSystemProblem(error as NodeJS.ErrnoException);
    throw new CliError(`cannot create the folder ${dir}: ${why}; nothing was written. Pick another folder.`);
  });
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      written.push(name);
    } catch (error) {
      // Say what is already there, since a plain re-run would now refuse those files.
      const before = written.length === 0 ? 'nothing was written' : `${written.length} file${written.length === 1 ? ' was' : 's were'} written before it (${written.join(', ')}); fix the cause and run gtkit init again with --force`;
      throw new CliError(`cannot write ${path}: ${fileSystemProblem(error as NodeJS.ErrnoException)}; ${before}`);
    }
  }
  const linked = await linkGtkit(dir);
  await linkNodeTypes(dir);
  await linkCommands(dir);
  const note = a.jobName === undefined ? jobNameNote(derivedJobName(a.dir)) : undefined;
  const publicNote = publicCrowdNote(config, defaultTaskFiles.config);
  return {
    dir,
    files: Object.keys(files).sort(),
    linked,
    jobName: config.jobName,
    notes: [...(note ? [note] : []), ...(publicNote ? [publicNote] : [])],
    warnings: labelWarnings(jobProblems),
    wordingStep: wordingStep(a, config.labelAttributeName, samples.labels.length > 0),
  };
}

/** The job check's warnings about the labels (say two that differ only in case), for init to pass on: lint and job will give them too. */
function labelWarnings(jobProblems: readonly JobProblem[]): string[] {
  return jobProblems
    .filter((p) => p.severity === 'warning' && p.kind === 'labels')
    .map((p) => `${p.path}: ${p.message} (${p.fix})`);
}

/**
 * What the answers would break: errors of the job request (except the Lambda ARNs, which
 * `gtkit deploy` records later) and lint errors of the template with the sample lines, e.g. 11
 * labels for a tool that shows 10, or a role ARN that is not one. A scaffold must pass both.
 * A bad region is reported alone: the default bucket name and workteam ARN are made from it, and
 * their problems would blame fields (and flags) that were never given.
 */
async function scaffoldProblems(a: InitAnswers, config: TaskConfig, jobProblems: readonly JobProblem[], template: string, taskInputs: LintTaskInput[]): Promise<string[]> {
  // The declaration the public crowd needs is the user's to make (publicCrowdNote): its error, the only one at that path
  // for a scaffold (init writes no classifiers), stays for gtkit job and lint.
  const errors = jobProblems.filter((p) => p.severity === 'error' && !/LambdaArn$/.test(p.path) && p.path !== contentClassifiersPath);
  const madeFromRegion = [...(a.bucket === undefined ? ['s3.bucket'] : []), ...(a.workteamArn === undefined ? ['HumanTaskConfig.WorkteamArn'] : [])];
  const badRegion = errors.some((p) => p.path === 'region');
  const job = errors.filter((p) => !(badRegion && madeFromRegion.includes(p.path)));
  const lint = (await lintTemplate(template, { file: defaultTaskFiles.template, taskInputs, ...acsFieldsOf(config) })).filter((f) => f.severity === 'error');
  // The public crowd's work team is not given: gtkit picks it from --workforce public.
  // One label's problem (`labels[1]`) is the flag's too.
  const flagFor = (path: string) => (path === 'HumanTaskConfig.WorkteamArn' && a.workteamArn === undefined && a.workforce === 'public' ? '--workforce' : getOwn(flagOf, path.replace(/\[\d+\].*$/, '')));
  const where = (path: string) => (flagFor(path) ? `${flagFor(path)} (${path})` : path);
  // Nothing is written yet: a fix that says to edit gtkit.config.ts would send the user to a file that is not there.
  // A label check's fix names the config's labels, which --labels gave.
  const fix = (p: JobProblem) => {
    if (p.kind !== 'labels' || a.labels === undefined) return asFlagFix(p.fix);
    return p.path === 'labels' ? "give --labels the task's labels, comma-separated (e.g. --labels a,b)" : p.fix.replaceAll(' in gtkit.config.ts', ' in --labels');
  };
  return [...job.map((p) => `${where(p.path)}: ${p.message} (${fix(p)})`), ...lint.map((f) => `${f.file}: ${f.ruleId}: ${f.message} (${f.hint})`)];
}

/**
 * For the public crowd: the declaration Ground Truth needs and that init leaves to the user, and
 * where to make it. Undefined for a private or vendor workforce.
 */
export function publicCrowdNote(config: Pick<TaskConfig, 'workforce'>, configFile: string): string | undefined {
  if (config.workforce.kind !== 'public') return undefined;
  return `note: the public crowd (Mechanical Turk) sees your data, and Ground Truth runs such a job only when you declare it free of personal information: after checking the data holds none (names, email addresses, phone numbers, faces, …), add "FreeOfPersonallyIdentifiableInformation" to workforce.contentClassifiers in ${configFile}; until then gtkit lint and gtkit job stop there`;
}

/** The flag that sets each field a problem may name, so a refusal names what was typed. */
const flagOf: Record<string, string> = {
  region: '--region',
  's3.bucket': '--bucket',
  'InputConfig.DataSource.SnsDataSource.SnsTopicArn': '--input-topic',
  'OutputConfig.SnsTopicArn': '--output-topic',
  'streaming.dataPrefixes': '--data-prefixes',
  LabelingJobName: '--job-name',
  LabelAttributeName: '--label-attribute',
  RoleArn: '--role-arn',
  'HumanTaskConfig.WorkteamArn': '--workteam-arn',
  'HumanTaskConfig.NumberOfHumanWorkersPerDataObject': '--workers',
  'HumanTaskConfig.TaskTimeLimitInSeconds': '--time-limit',
  'HumanTaskConfig.PublicWorkforceTaskPrice.AmountInUsd': '--price',
  'HumanTaskConfig.TaskTitle': '--title',
  'HumanTaskConfig.TaskDescription': '--description',
  labels: '--labels',
};

/** The flag that gives each config field a job check's fix may name. */
const flagOfField: Record<string, string> = {
  region: '--region',
  's3.bucket': '--bucket',
  jobName: '--job-name',
  labelAttributeName: '--label-attribute',
  roleArn: '--role-arn',
  'workforce.kind': '--workforce',
  'workforce.workteamArn': '--workteam-arn',
  'workforce.priceUsd': '--price',
  'task.workersPerObject': '--workers',
  'task.timeLimitSeconds': '--time-limit',
  'task.title': '--title',
  'task.description': '--description',
  'streaming.inputTopicArn': '--input-topic',
  'streaming.outputTopicArn': '--output-topic',
  'streaming.dataPrefixes': '--data-prefixes',
};

/**
 * The job check's fix said of the flags: every "set task.timeLimitSeconds (in gtkit.config.ts) to
 * 30–28800" becomes "give --time-limit 30–28800", wherever in the fix it stands. A field no flag
 * sets is kept as it is.
 */
function asFlagFix(fix: string): string {
  return fix.replace(/\bset (\S+?)(?: in gtkit\.config\.ts)?(?: to\b)?(?=[\s,;)]|$)/g, (written, field: string) => {
    const flag = getOwn(flagOfField, field);
    return flag === undefined ? written : `give ${flag}`;
  });
}

/** A file-system error in words, with its code for searching. */
function fileSystemProblem(error: NodeJS.ErrnoException): string {
  return error.code ? `${fileSystemReason(error) ?? error.message} (${error.code})` : error.message;
}

/**
 * Makes `gtkit` resolvable from the task folder right away: when nothing resolves it (a folder
 * outside this checkout with no install yet), links `node_modules/gtkit` to the running gtkit.
 * `npm install` in the folder later replaces the link with the real dependency.
 */
async function linkGtkit(dir: string): Promise<boolean> {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', 'gtkit'))) return false;
    if (existsSync(join(d, 'package.json')) && d !== dir && realpathSync(d) === gtkitRoot) return false;
    if (dirname(d) === d) break;
  }
  await replaceLink(join(dir, 'node_modules', 'gtkit'), gtkitRoot, 'dir');
  return true;
}

/**
 * Links `link` to `target`, making its folder. A link already there is replaced: `existsSync`
 * follows links, so one left pointing at a moved checkout is dangling and reads as absent.
 */
async function replaceLink(link: string, target: string, type?: 'dir'): Promise<void> {
  await mkdir(dirname(link), { recursive: true });
  if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) await unlink(link);
  await symlink(target, link, type);
}

/**
 * Makes the tsconfig's `types: ["node"]` resolve right away, for tsc and the editor: when no
 * `node_modules/@types/node` is in the folder or above it, links the one the running gtkit uses.
 * Without it every file of a folder outside this checkout shows "Cannot find type definition
 * file for 'node'" until `npm install`, which replaces the link with the task's own.
 */
async function linkNodeTypes(dir: string): Promise<void> {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', '@types', 'node', 'package.json'))) return;
    if (dirname(d) === d) break;
  }
  let own: string;
  try {
    own = dirname(resolveFromGtkit('@types/node/package.json'));
  } catch {
    return; // a gtkit installed without its devDependencies has none to lend; npm install brings the task's
  }
  try {
    await replaceLink(join(dir, 'node_modules', '@types', 'node'), own, 'dir');
  } catch {
    // A convenience for the editor only: the task is written and works; npm install brings the types.
  }
}

/**
 * Puts `gtkit` and `tsc` in the folder's `node_modules/.bin` (links to the running gtkit's, as
 * npm would), so its npm scripts (`npm run lint`, `typecheck`, …) and `npx gtkit` work before
 * `npm install`, which replaces them. A command already there is left alone.
 */
async function linkCommands(dir: string): Promise<void> {
  const bin = join(dir, 'node_modules', '.bin');
  const commands: Array<[string, () => string]> = [
    ['gtkit', () => join(gtkitRoot, 'bin', 'gtkit.js')],
    ['tsc', () => resolveFromGtkit('typescript/bin/tsc')],
  ];
  for (const [name, target] of commands) {
    const link = join(bin, name);
    try {
      if (existsSync(link)) continue;
      await replaceLink(link, target());
    } catch {
      // A convenience only (a gtkit installed without TypeScript has no tsc to lend): npm install brings both.
    }
  }
}

/** Node never looks for packages in `node_modules/node_modules`, so a task folder inside one could not import gtkit. */
function insideNodeModules(dir: string): boolean {
  return dir.split(sep).includes('node_modules');
}

function taskReadme(config: TaskConfig, type: TaskTypeName): string {
  return `# ${config.jobName}

A Ground Truth custom labeling task (${type}) made with gtkit.

| file | what it is |
|---|---|
| \`gtkit.config.ts\` | the job: labels, workforce, role, S3 locations, workers per object, consolidation |
| \`template.liquid.html\` | what workers see (Liquid + Crowd HTML Elements) |
| \`pre.ts\` | pre-annotation Lambda: manifest line → \`task.input\` |
| \`acs.ts\` | consolidation Lambda: workers' answers → one label with a confidence |
| \`manifest.jsonl\` | sample input manifest (\`truth\` feeds simulated workers) |
| \`answers.jsonl\` | sample answers for the dry run (the preview appends yours) |
| \`s3/<bucket>/<key>\` | local copies of the objects ${getTaskType(type).readsSourceText ? 'whose text the PRE reads (`source-ref` lines)' : '`grant_read_access` points at'} |
| \`task.test.ts\` | this task's test (\`npm test\`) |

\`\`\`sh
gtkit lint        # template, PRE output, ACS answer fields and job request checked against each other
gtkit preview     # fill in the template in a browser
gtkit run         # dry run: manifest → PRE → template → answers → ACS → output.manifest
gtkit job         # the CreateLabelingJob request
\`\`\`

gtkit is a dev dependency (\`package.json\`), with TypeScript and Node's types for your editor
and \`npm run typecheck\`; inside a gtkit checkout, or before \`npm install\`, \`node_modules/gtkit\`
(and \`node_modules/@types/node\`, when nothing above the folder has it) link to the gtkit that
made this folder.
`;
}


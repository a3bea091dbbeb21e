import type { CreateLabelingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { labelAttributeSuffixProblems, validateJobRequest } from '../../../scaffold/job/validate-request.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { taskCrossChecks } from '../../../scaffold/task/task-cross-checks.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { validConfig } from './fixtures.ts';

const base = (): CreateLabelingJobCommandInput => structuredClone(buildJob(validConfig(), { arns: { pre: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-pre', acs: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-acs' } }).request);
const errorsOf = (r: CreateLabelingJobCommandInput, type: 'text-classification' | 'bounding-box' = 'text-classification') =>
  validateJobRequest(r, { taskType: type, region: 'eu-west-1' }).filter((p) => p.severity === 'error');

type Case = [name: string, edit: (r: CreateLabelingJobCommandInput) => void, expectedPath: string | null];
const h = (r: CreateLabelingJobCommandInput) => r.HumanTaskConfig!;

// Each bound with a value just inside (null: valid) and just outside (the path that must fail).
const cases: Case[] = [
  ['job name 63 chars', (r) => void (r.LabelingJobName = 'a'.repeat(63)), null],
  ['job name 64 chars', (r) => void (r.LabelingJobName = 'a'.repeat(64)), 'LabelingJobName'],
  ['job name with double hyphen', (r) => void (r.LabelingJobName = 'a--b'), null],
  ['job name ending in hyphen', (r) => void (r.LabelingJobName = 'ab-'), 'LabelingJobName'],
  ['job name with underscore', (r) => void (r.LabelingJobName = 'a_b'), 'LabelingJobName'],
  ['empty job name', (r) => void (r.LabelingJobName = ''), 'LabelingJobName'],
  ['label attribute 127 chars', (r) => void (r.LabelAttributeName = 'a'.repeat(127)), null],
  ['label attribute 128 chars', (r) => void (r.LabelAttributeName = 'a'.repeat(128)), 'LabelAttributeName'],
  ['label attribute ending in -metadata', (r) => void (r.LabelAttributeName = 'intent-metadata'), 'LabelAttributeName'],
  ['label attribute ending in -ref for a custom type', (r) => void (r.LabelAttributeName = 'intent-ref'), 'LabelAttributeName'],
  ['label attribute with $', (r) => void (r.LabelAttributeName = '$intent'), 'LabelAttributeName'],
  ['manifest URI 1024 chars', (r) => void (r.InputConfig!.DataSource!.S3DataSource!.ManifestS3Uri = `s3://bkt/${'k'.repeat(1015)}`), null],
  ['manifest URI 1025 chars', (r) => void (r.InputConfig!.DataSource!.S3DataSource!.ManifestS3Uri = `s3://bkt/${'k'.repeat(1016)}`), 'InputConfig.DataSource.S3DataSource.ManifestS3Uri'],
  ['manifest not an S3 URI', (r) => void (r.InputConfig!.DataSource!.S3DataSource!.ManifestS3Uri = '/local/file'), 'InputConfig.DataSource.S3DataSource.ManifestS3Uri'],
  ['unknown content classifier', (r) => void (r.InputConfig!.DataAttributes = { ContentClassifiers: ['FreeOfAds' as never] }), 'InputConfig.DataAttributes.ContentClassifiers[0]'],
  ['role ARN malformed', (r) => void (r.RoleArn = 'arn:aws:iam::12345:role/x'), 'RoleArn'],
  ['KMS key id with a space', (r) => void (r.OutputConfig!.KmsKeyId = 'alias/my key'), 'OutputConfig.KmsKeyId'],
  ['5 keywords', (r) => void (h(r).TaskKeywords = ['a', 'b', 'c', 'd', 'e']), null],
  ['6 keywords', (r) => void (h(r).TaskKeywords = ['a', 'b', 'c', 'd', 'e', 'f']), 'HumanTaskConfig.TaskKeywords'],
  ['0 keywords', (r) => void (h(r).TaskKeywords = []), 'HumanTaskConfig.TaskKeywords'],
  ['keyword with a hyphen (the docs’ own "Multi-label")', (r) => void (h(r).TaskKeywords = ['Multi-label']), 'HumanTaskConfig.TaskKeywords[0]'],
  ['keyword with double space', (r) => void (h(r).TaskKeywords = ['a  b']), 'HumanTaskConfig.TaskKeywords[0]'],
  ['keyword 30 chars', (r) => void (h(r).TaskKeywords = ['k'.repeat(30)]), null],
  ['keyword 31 chars', (r) => void (h(r).TaskKeywords = ['k'.repeat(31)]), 'HumanTaskConfig.TaskKeywords[0]'],
  ['title 128 chars', (r) => void (h(r).TaskTitle = 't'.repeat(128)), null],
  ['title 129 chars', (r) => void (h(r).TaskTitle = 't'.repeat(129)), 'HumanTaskConfig.TaskTitle'],
  ['description 255 chars', (r) => void (h(r).TaskDescription = 'd'.repeat(255)), null],
  ['description 256 chars', (r) => void (h(r).TaskDescription = 'd'.repeat(256)), 'HumanTaskConfig.TaskDescription'],
  ['9 workers', (r) => void (h(r).NumberOfHumanWorkersPerDataObject = 9), null],
  ['10 workers', (r) => void (h(r).NumberOfHumanWorkersPerDataObject = 10), 'HumanTaskConfig.NumberOfHumanWorkersPerDataObject'],
  ['0 workers', (r) => void (h(r).NumberOfHumanWorkersPerDataObject = 0), 'HumanTaskConfig.NumberOfHumanWorkersPerDataObject'],
  ['2.5 workers', (r) => void (h(r).NumberOfHumanWorkersPerDataObject = 2.5), 'HumanTaskConfig.NumberOfHumanWorkersPerDataObject'],
  ['time limit 30 s', (r) => void (h(r).TaskTimeLimitInSeconds = 30), null],
  ['time limit 29 s', (r) => void (h(r).TaskTimeLimitInSeconds = 29), 'HumanTaskConfig.TaskTimeLimitInSeconds'],
  ['time limit 28800 s', (r) => void (h(r).TaskTimeLimitInSeconds = 28_800), null],
  ['time limit 28801 s', (r) => void (h(r).TaskTimeLimitInSeconds = 28_801), 'HumanTaskConfig.TaskTimeLimitInSeconds'],
  ['lifetime 60 s', (r) => void (h(r).TaskAvailabilityLifetimeInSeconds = 60), null],
  ['lifetime 59 s', (r) => void (h(r).TaskAvailabilityLifetimeInSeconds = 59), 'HumanTaskConfig.TaskAvailabilityLifetimeInSeconds'],
  ['lifetime 30 days', (r) => void (h(r).TaskAvailabilityLifetimeInSeconds = 2_592_000), null],
  ['lifetime 30 days + 1 s', (r) => void (h(r).TaskAvailabilityLifetimeInSeconds = 2_592_001), 'HumanTaskConfig.TaskAvailabilityLifetimeInSeconds'],
  ['5000 concurrent tasks', (r) => void (h(r).MaxConcurrentTaskCount = 5000), null],
  ['5001 concurrent tasks', (r) => void (h(r).MaxConcurrentTaskCount = 5001), 'HumanTaskConfig.MaxConcurrentTaskCount'],
  ['lambda ARN in another region', (r) => void (h(r).PreHumanTaskLambdaArn = 'arn:aws:lambda:us-east-1:123456789012:function:SageMaker-pre'), 'HumanTaskConfig.PreHumanTaskLambdaArn'],
  ['lambda ARN malformed', (r) => void (h(r).PreHumanTaskLambdaArn = 'arn:aws:lambda:eu-west-1:1234:function:x'), 'HumanTaskConfig.PreHumanTaskLambdaArn'],
  ['workteam in another region', (r) => void (h(r).WorkteamArn = 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t'), 'HumanTaskConfig.WorkteamArn'],
  ['both UI template and human task UI', (r) => void (h(r).UiConfig = { UiTemplateS3Uri: 's3://b/t.html', HumanTaskUiArn: 'arn:aws:sagemaker:eu-west-1:394669845002:human-task-ui/NamedEntityRecognition' }), 'HumanTaskConfig.UiConfig'],
  ['50 tags', (r) => void (r.Tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))), null],
  ['51 tags', (r) => void (r.Tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))), 'Tags'],
  ['tag key 129 chars', (r) => void (r.Tags = [{ Key: 'k'.repeat(129), Value: 'v' }]), 'Tags[0].Key'],
  ['tag value 256 chars', (r) => void (r.Tags = [{ Key: 'k', Value: 'v'.repeat(256) }]), null],
  ['tag value 257 chars', (r) => void (r.Tags = [{ Key: 'k', Value: 'v'.repeat(257) }]), 'Tags[0].Value'],
  ['tag with unicode letters', (r) => void (r.Tags = [{ Key: 'équipe', Value: 'données' }]), null],
  ['tag with a comma', (r) => void (r.Tags = [{ Key: 'a,b', Value: 'v' }]), 'Tags[0].Key'],
  ['streaming with stopping conditions', (r) => {
    r.InputConfig!.DataSource = { SnsDataSource: { SnsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:gt-input' } };
    r.StoppingConditions = { MaxHumanLabeledObjectCount: 10 };
  }, 'StoppingConditions'],
  ['streaming SNS ARN malformed', (r) => void (r.InputConfig!.DataSource = { SnsDataSource: { SnsTopicArn: 'arn:aws:sns:eu-west-1:1:topic' } }), 'InputConfig.DataSource.SnsDataSource.SnsTopicArn'],
  ['max percentage 100', (r) => void (r.StoppingConditions = { MaxPercentageOfInputDatasetLabeled: 100 }), null],
  ['max percentage 101', (r) => void (r.StoppingConditions = { MaxPercentageOfInputDatasetLabeled: 101 }), 'StoppingConditions.MaxPercentageOfInputDatasetLabeled'],
];

describe('validateJobRequest', () => {
  it('accepts the scaffold request', () => {
    expect(errorsOf(base())).toEqual([]);
  });

  it.each(cases)('%s', (_name, edit, expectedPath) => {
    const request = base();
    edit(request);
    const errors = errorsOf(request);
    if (expectedPath === null) expect(errors).toEqual([]);
    else {
      expect(errors.map((e) => e.path)).toContain(expectedPath);
      for (const e of errors) expect(e.fix.length).toBeGreaterThan(0);
    }
  });

  it('says a custom job\'s label attribute may not end in "-ref" whatever its label holds, without claiming the type\'s label is no S3 reference', () => {
    for (const type of ['bounding-box', 'text-classification'] as const) {
      expect(labelAttributeSuffixProblems('mask-ref', type)).toEqual([
        { message: 'ends in "-ref", which Ground Truth allows only for its built-in task types whose label is an S3 reference (semantic segmentation, video frames, 3D point clouds): a custom job\'s label attribute must not end in it, whatever its label holds', fix: 'drop the "-ref" suffix' },
      ]);
    }
  });

  it('warns of a line break in the description, which the model\'s pattern .+ does not match', () => {
    const request = base();
    h(request).TaskDescription = 'Pick the intent.\nThen submit.';
    const problems = validateJobRequest(request, { taskType: 'text-classification', region: 'eu-west-1' }).filter((p) => p.path === 'HumanTaskConfig.TaskDescription');
    expect(problems.map((p) => [p.severity, p.message])).toEqual([['warning', "has a line break, which the service's pattern (.+) does not match: CreateLabelingJob may refuse it"]]);
    expect(validateJobRequest(base(), { region: 'eu-west-1' }).filter((p) => p.path === 'HumanTaskConfig.TaskDescription')).toEqual([]);
  });

  it('names the character a title or description may not hold, and where it is', () => {
    const request = base();
    (request.HumanTaskConfig as { TaskTitle: string }).TaskTitle = 'Find the cars 🚗 in the picture';
    const problems = validateJobRequest(request, { region: 'eu-west-1' }).filter((p) => p.path === 'HumanTaskConfig.TaskTitle');
    expect(problems.map((p) => p.message)).toEqual(['"Find the cars 🚗 in the picture" has "🚗" (U+1F697) at character 15, outside what the field takes: printable characters']);
    // A pattern about the whole shape (a job name) still says what it must look like.
    (request as { LabelingJobName: string }).LabelingJobName = 'bad_name';
    expect(validateJobRequest(request, { region: 'eu-west-1' }).find((p) => p.path === 'LabelingJobName')?.message).toBe('"bad_name" is not letters, digits and hyphens, starting and ending with a letter or digit');
  });

  it('names the first character outside ASCII when it is what an ASCII-only name or keyword fails on', () => {
    const request = base();
    (request as { LabelAttributeName: string }).LabelAttributeName = 'intention-é';
    (request.HumanTaskConfig as { TaskKeywords: string[] }).TaskKeywords = ['données', 'straße-x'];
    const messages = validateJobRequest(request, { region: 'eu-west-1' }).filter((p) => p.path === 'LabelAttributeName' || p.path.startsWith('HumanTaskConfig.TaskKeywords')).map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual([
      'LabelAttributeName: "intention-é" is not letters, digits and hyphens, starting and ending with a letter or digit ("é" (U+00E9) at character 11 is not an ASCII letter or digit)',
      'HumanTaskConfig.TaskKeywords[0]: "données" is not letters and digits separated by single spaces (no hyphens) ("é" (U+00E9) at character 5 is not an ASCII letter or digit)',
      // The hyphen would fail it anyway: the ß is not blamed.
      'HumanTaskConfig.TaskKeywords[1]: "straße-x" is not letters and digits separated by single spaces (no hyphens)',
    ]);
  });

  describe('public crowd', () => {
    const publicRequest = (usd: number, classifiers: string[] = ['FreeOfPersonallyIdentifiableInformation']) =>
      buildJob(validConfig({ workforce: { kind: 'public', priceUsd: usd, contentClassifiers: classifiers as never }, task: { ...validConfig().task, availabilityLifetimeSeconds: 21_600 } }), { arns: { pre: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-pre', acs: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-acs' } }).request;

    it('uses the region’s public workteam and an allowed price', () => {
      const r = publicRequest(0.036);
      expect(r.HumanTaskConfig?.WorkteamArn).toBe('arn:aws:sagemaker:eu-west-1:394669845002:workteam/public-crowd/default');
      expect(r.HumanTaskConfig?.PublicWorkforceTaskPrice?.AmountInUsd).toEqual({ Dollars: 0, Cents: 3, TenthFractionsOfACent: 6 });
      expect(errorsOf(r)).toEqual([]);
    });

    it('rejects a price not on the list; 0.012 for bounding boxes (a custom job to AWS) only warns', () => {
      expect(errorsOf(publicRequest(0.05)).map((e) => e.path)).toEqual(['HumanTaskConfig.PublicWorkforceTaskPrice.AmountInUsd']);
      expect(errorsOf(publicRequest(0.012))).toEqual([]);
      expect(errorsOf(publicRequest(0.012), 'bounding-box')).toEqual([]);
      const warned = validateJobRequest(publicRequest(0.012), { taskType: 'bounding-box', region: 'eu-west-1' }).filter((p) => p.path === 'HumanTaskConfig.PublicWorkforceTaskPrice.AmountInUsd');
      expect(warned.map((p) => [p.severity, p.message])).toEqual([['warning', '$0.012 is below the prices AWS lists for bounding boxes (from $0.036); as a custom job it is allowed']]);
      expect(validateJobRequest(publicRequest(0.036), { taskType: 'bounding-box', region: 'eu-west-1' }).filter((p) => p.path === 'HumanTaskConfig.PublicWorkforceTaskPrice.AmountInUsd')).toEqual([]);
    });

    it('requires FreeOfPersonallyIdentifiableInformation', () => {
      expect(errorsOf(publicRequest(0.036, [])).map((e) => e.path)).toEqual(['InputConfig.DataAttributes.ContentClassifiers']);
    });

    it('caps the availability lifetime at 12 hours', () => {
      const r = publicRequest(0.036);
      r.HumanTaskConfig!.TaskAvailabilityLifetimeInSeconds = 43_200;
      expect(errorsOf(r)).toEqual([]);
      r.HumanTaskConfig!.TaskAvailabilityLifetimeInSeconds = 43_201;
      expect(errorsOf(r).map((e) => e.path)).toEqual(['HumanTaskConfig.TaskAvailabilityLifetimeInSeconds']);
    });
  });

  it('warns, with the statement to attach, when the managed policy cannot invoke a function', () => {
    const r = base();
    r.HumanTaskConfig!.PreHumanTaskLambdaArn = 'arn:aws:lambda:eu-west-1:123456789012:function:SAGEMAKER-pre';
    const warnings = validateJobRequest(r, { region: 'eu-west-1' }).filter((p) => p.severity === 'warning');
    expect(warnings[0]?.path).toBe('HumanTaskConfig.PreHumanTaskLambdaArn');
    expect(warnings[0]?.fix).toContain('"Action":"lambda:InvokeFunction"');
  });

  it('warns when a function is in another account than the job\'s role', () => {
    const r = base();
    r.HumanTaskConfig!.AnnotationConsolidationConfig!.AnnotationConsolidationLambdaArn = 'arn:aws:lambda:eu-west-1:999988887777:function:SageMaker-acs';
    const problems = validateJobRequest(r, { region: 'eu-west-1' });
    expect(problems).toEqual([
      {
        severity: 'warning',
        path: 'HumanTaskConfig.AnnotationConsolidationConfig.AnnotationConsolidationLambdaArn',
        message: "is in account 999988887777, the job's role (RoleArn) in 123456789012",
        fix: 'deploy the function with credentials of account 123456789012 (gtkit deploy), or check roleArn; a function in another account must grant the role lambda:InvokeFunction in its resource policy',
      },
    ]);
  });

  it('reports every problem at once', () => {
    const r = base();
    r.LabelingJobName = 'bad_name';
    r.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 12;
    r.HumanTaskConfig!.TaskKeywords = ['ok', 'not-ok'];
    expect(errorsOf(r).map((e) => e.path)).toEqual(['LabelingJobName', 'HumanTaskConfig.TaskKeywords[1]', 'HumanTaskConfig.NumberOfHumanWorkersPerDataObject']);
  });
});

describe('buildJob', () => {
  it('builds the request, the label-category file and derives missing ARNs with a warning', () => {
    const job = buildJob(validConfig());
    expect(job.request.HumanTaskConfig?.PreHumanTaskLambdaArn).toBe('arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-ticket-intent-pre');
    expect(job.request.InputConfig?.DataSource?.S3DataSource?.ManifestS3Uri).toBe('s3://acme-sagemaker-gt/ticket-intent/input/manifest.jsonl');
    expect(job.request.OutputConfig?.S3OutputPath).toBe('s3://acme-sagemaker-gt/ticket-intent/output/');
    expect(job.labelCategories).toEqual({ 'document-version': '2018-11-28', labels: [{ label: 'refund' }, { label: 'delivery' }, { label: 'other' }] });
    expect(job.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(job.problems.filter((p) => p.severity === 'warning').map((p) => p.path)).toEqual([
      'HumanTaskConfig.PreHumanTaskLambdaArn',
      'HumanTaskConfig.AnnotationConsolidationConfig.AnnotationConsolidationLambdaArn',
    ]);
  });

  it('refuses function names Lambda refuses (deploy\'s rule), naming lambdas.*.functionName, in gtkit job and gtkit lint', async () => {
    const refused = ['SageMaker-' + 'x'.repeat(55), 'SageMaker-pré', 'SageMaker.pre', 'SageMaker pre', '', 'SageMaker-pre:1'];
    for (const name of refused) {
      const job = buildJob(validConfig({ lambdas: { pre: { functionName: name }, acs: { functionName: 'SageMaker-ticket-intent-acs' } } }));
      expect(job.problems.filter((p) => p.path.includes('lambdas.pre') || p.path.includes('PreHumanTask')), name).toEqual([
        { severity: 'error', path: 'lambdas.pre.functionName', message: `${JSON.stringify(name)} is not a Lambda function name`, fix: 'use 1–64 letters, digits, hyphens or underscores' },
      ]);
    }
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-acs';
    const asArn = buildJob(validConfig({ lambdas: { pre: { functionName: 'SageMaker-ticket-intent-pre' }, acs: { functionName: arn } } }));
    expect(asArn.problems.find((p) => p.path === 'lambdas.acs.functionName')).toEqual({
      severity: 'error',
      path: 'lambdas.acs.functionName',
      message: `"${arn}" is not a Lambda function name`,
      fix: 'use 1–64 letters, digits, hyphens or underscores (the name alone: an ARN goes in lambdas.acs.arn)',
    });
    // That one error is all that is said about the ACS: no ARN is derived from the refused name (its "function" part would be "arn").
    expect(asArn.problems.filter((p) => p.path.includes('lambdas.acs') || p.path.includes('AnnotationConsolidationLambdaArn')).map((p) => p.path)).toEqual(['lambdas.acs.functionName']);
    const { dir, cleanup } = await makeTaskDir(validConfig({ lambdas: { pre: { functionName: 'SageMaker pre' }, acs: { functionName: 'SageMaker-ticket-intent-acs' } } }));
    const lint = await taskCrossChecks(await loadTask(dir));
    expect(lint.findings.filter((f) => f.ruleId === 'job-request').map((f) => `${f.message} (${f.hint})`)).toEqual(['lambdas.pre.functionName: "SageMaker pre" is not a Lambda function name (use 1–64 letters, digits, hyphens or underscores)']);
    await cleanup();
    const longest = buildJob(validConfig({ lambdas: { pre: { functionName: 'SageMaker-' + 'x'.repeat(54) }, acs: { functionName: 'SageMaker-ticket-intent-acs' } } }));
    expect(longest.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('rejects too few and duplicate labels', () => {
    const job = buildJob(validConfig({ labels: ['a', 'a'] }));
    expect(job.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`)).toEqual(['labels[1]: duplicate label "a"']);
    expect(buildJob(validConfig({ labels: ['only'] })).problems.some((p) => p.path === 'labels' && p.severity === 'error')).toBe(true);
  });

  it('takes no labels for a hand-written ACS that lists its fields, and then names no label-category file', () => {
    const noLabels = validConfig({ labels: [] });
    expect(buildJob(noLabels).problems.find((p) => p.path === 'labels')?.fix).toContain('consolidation.answerFields');
    const ownAcs = validConfig({ labels: [], consolidation: { algorithm: 'majority-vote', answerFields: ['summary'] } });
    const job = buildJob(ownAcs);
    expect(job.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(job.request).not.toHaveProperty('LabelCategoryConfigS3Uri');
    expect(buildJob(validConfig()).request).toHaveProperty('LabelCategoryConfigS3Uri');
    // One label is still too few where there are labels at all.
    expect(buildJob(validConfig({ labels: ['only'], consolidation: { algorithm: 'majority-vote', answerFields: ['summary'] } })).problems.some((p) => p.path === 'labels' && p.severity === 'error')).toBe(true);
  });

  it('builds a streaming request without stopping conditions and flags them when configured', () => {
    const job = buildJob(validConfig({ streaming: { inputTopicArn: 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-in', outputTopicArn: 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-out' }, stoppingConditions: { maxHumanLabeledObjectCount: 5 } }));
    expect(job.request.InputConfig?.DataSource).toEqual({ SnsDataSource: { SnsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-in' } });
    expect(job.request.OutputConfig?.SnsTopicArn).toBe('arn:aws:sns:eu-west-1:123456789012:GroundTruth-out');
    expect(job.request.StoppingConditions).toBeUndefined();
    expect(job.problems.some((p) => p.path === 'StoppingConditions' && p.severity === 'error')).toBe(true);
  });

  it('leaves TaskKeywords out when the config has none (the field is optional), and sends them as given otherwise', () => {
    const none = buildJob(validConfig({ task: { ...validConfig().task, keywords: [] } }));
    expect(none.request.HumanTaskConfig).not.toHaveProperty('TaskKeywords');
    expect(none.problems.filter((p) => p.path.startsWith('HumanTaskConfig.TaskKeywords'))).toEqual([]);
    expect(buildJob(validConfig()).request.HumanTaskConfig?.TaskKeywords).toEqual(['text', 'intent']);
    // Six are still too many.
    const six = buildJob(validConfig({ task: { ...validConfig().task, keywords: ['a', 'b', 'c', 'd', 'e', 'f'] } }));
    expect(six.problems.filter((p) => p.severity === 'error').map((p) => p.path)).toEqual(['HumanTaskConfig.TaskKeywords']);
  });

  it('adds NER instructions and short names to the label-category file', () => {
    const job = buildJob(validConfig({ type: 'named-entity', labels: [{ label: 'person', shortDisplayName: 'per' }] }));
    expect(job.labelCategories.labels).toEqual([{ label: 'person', shortDisplayName: 'per' }]);
    expect(job.labelCategories.instructions?.shortInstruction).toContain('Classify support ticket intent');
  });
});

import { describe, expect, it } from 'vitest';
import { creationDate, fileTimestamp, jobOutputLayout } from '../../../scaffold/run/layout.ts';

describe('Ground Truth output layout', () => {
  const layout = jobOutputLayout('s3://bucket/prefix/output/', 'my-job');
  it('uses the documented keys', () => {
    expect(layout.workerResponse('7', '2024-05-02_10:41:07')).toBe('s3://bucket/prefix/output/my-job/annotations/worker-response/iteration-1/7/2024-05-02_10:41:07.json');
    expect(layout.consolidationRequest('2024-05-02_10:41:07', 0)).toBe('s3://bucket/prefix/output/my-job/annotations/consolidated-annotation/consolidation-request/iteration-1/2024-05-02_10:41:07.json');
    expect(layout.consolidationRequest('2024-05-02_10:41:07', 2)).toBe('s3://bucket/prefix/output/my-job/annotations/consolidated-annotation/consolidation-request/iteration-1/2024-05-02_10:41:07-batch-2.json');
    expect(layout.outputManifest).toBe('s3://bucket/prefix/output/my-job/manifests/output/output.manifest');
  });
  it('formats timestamps like Ground Truth', () => {
    const d = new Date('2024-05-02T10:41:09.512Z');
    expect(fileTimestamp(d)).toBe('2024-05-02_10:41:09');
    expect(creationDate(d)).toBe('2024-05-02T10:41:09.512000');
  });
});

import { describe, expect, it } from 'vitest';

import type { LineageEdge } from '@/types/api';

import { drawnSegments, layoutGraph } from './layout';

const JOB = {
  urn: 'urn:li:dataJob:(urn:li:dataFlow:(airflow,daily,prod),load)',
  name: 'load',
  flow: { urn: 'urn:li:dataFlow:(airflow,daily,prod)', name: 'daily', orchestrator: 'airflow' },
};
const edge = (upstream: string, downstream: string, job: LineageEdge['job'] = null) =>
  ({
    upstream,
    downstream,
    type: 'TRANSFORMED',
    actor: '',
    created_at: '2024-01-01T00:00:00Z',
    column_mappings: [],
    job,
  }) satisfies LineageEdge;

describe('drawnSegments', () => {
  it('draws an edge through a task as two segments through the task', () => {
    const segments = drawnSegments([edge('a', 'b', JOB), edge('a', 'c', JOB), edge('c', 'd')]);
    expect(segments.map((s) => [s.source, s.target])).toEqual([
      ['a', JOB.urn],
      [JOB.urn, 'b'],
      ['a', JOB.urn],
      [JOB.urn, 'c'],
      ['c', 'd'],
    ]);
  });

  it('lays the task out between what it reads and what it writes', () => {
    const segments = drawnSegments([edge('a', 'b', JOB)]);
    const at = layoutGraph(['a', 'b', JOB.urn], segments);
    expect(at['a']!.x).toBeLessThan(at[JOB.urn]!.x);
    expect(at[JOB.urn]!.x).toBeLessThan(at['b']!.x);
  });
});

import { describe, expect, it } from 'vitest';

import type { LineageEdge } from '@/types/api';

import { edge as makeEdge } from './fixtures';
import { drawnSegments, layoutGraph } from './layout';

const JOB = {
  urn: 'urn:li:dataJob:(urn:li:dataFlow:(airflow,daily,prod),load)',
  name: 'load',
  flow: { urn: 'urn:li:dataFlow:(airflow,daily,prod)', name: 'daily', orchestrator: 'airflow' },
};
const edge = (upstream: string, downstream: string, job: LineageEdge['job'] = null) =>
  makeEdge(upstream, downstream, { job });

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

  it('draws edges straight when tasks are left out', () => {
    const segments = drawnSegments([edge('a', 'b', JOB)], false);
    expect(segments.map((s) => [s.source, s.target])).toEqual([['a', 'b']]);
  });

  it('makes room for a taller node', () => {
    const at = layoutGraph(
      ['a', 'b', 'c'],
      [
        { source: 'a', target: 'b' },
        { source: 'a', target: 'c' },
      ],
      {
        b: { width: 250, height: 400 },
      },
    );
    const b = at['b']!.y;
    const c = at['c']!.y;
    // The two boxes do not overlap: one ends before the other starts.
    expect(b + 400 <= c || c + 72 <= b).toBe(true);
  });
});

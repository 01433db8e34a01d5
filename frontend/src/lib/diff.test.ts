import { describe, expect, it } from 'vitest';

import { diffLines, diffValues } from './diff';

describe('diff', () => {
  it('diffs docs line by line', () => {
    expect(diffLines('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });

  it('diffs lists by item and objects by key', () => {
    expect(diffValues(['Gold'], ['Gold', 'PII'])).toEqual([
      { kind: 'added', text: 'PII' },
      { kind: 'same', text: 'Gold' },
    ]);
    expect(
      diffValues(
        { status: 'active', deprecation_note: '' },
        { status: 'deprecated', deprecation_note: '' },
      ),
    ).toEqual([
      { kind: 'removed', text: 'status: "active"' },
      { kind: 'added', text: 'status: "deprecated"' },
    ]);
    expect(diffValues(null, 'finance')).toEqual([{ kind: 'added', text: 'finance' }]);
  });
});

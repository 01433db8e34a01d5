export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

/** A line diff by longest common subsequence: docs are short enough for O(n·m). */
export const diffLines = (before: string, after: string): DiffLine[] => {
  const a = before ? before.split('\n') : [];
  const b = after ? after.split('\n') : [];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ kind: 'removed', text: a[i++]! });
    } else {
      out.push({ kind: 'added', text: b[j++]! });
    }
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! });
  return out;
};

const show = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value, null, 2);

/** Any before/after pair as lines: text diffs by line, lists by item, objects by key. */
export const diffValues = (before: unknown, after: unknown): DiffLine[] => {
  if (typeof before === 'string' || typeof after === 'string') {
    return diffLines(show(before ?? ''), show(after ?? ''));
  }
  if (Array.isArray(before) || Array.isArray(after)) {
    const was = (Array.isArray(before) ? before : []).map((item) => JSON.stringify(item));
    const now = (Array.isArray(after) ? after : []).map((item) => JSON.stringify(item));
    const label = (item: string) => show(JSON.parse(item) as unknown);
    return [
      ...was
        .filter((item) => !now.includes(item))
        .map((item) => ({ kind: 'removed' as const, text: label(item) })),
      ...now
        .filter((item) => !was.includes(item))
        .map((item) => ({ kind: 'added' as const, text: label(item) })),
      ...now
        .filter((item) => was.includes(item))
        .map((item) => ({ kind: 'same' as const, text: label(item) })),
    ];
  }
  if (before && typeof before === 'object' && after && typeof after === 'object') {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => {
      const was = (before as Record<string, unknown>)[key];
      const now = (after as Record<string, unknown>)[key];
      if (JSON.stringify(was) === JSON.stringify(now)) return [];
      return [
        ...(was !== undefined
          ? [{ kind: 'removed' as const, text: `${key}: ${JSON.stringify(was)}` }]
          : []),
        ...(now !== undefined
          ? [{ kind: 'added' as const, text: `${key}: ${JSON.stringify(now)}` }]
          : []),
      ];
    });
  }
  return diffLines(before == null ? '' : show(before), after == null ? '' : show(after));
};

/** How the search page writes counts that the API says are not exact: a total that stopped at
 * its threshold (count_is_exact false) and facet counts estimated from a sample
 * (facets_are_exact false). */

/** "57", or "10,000+" when the count is a lower bound. */
export const formatTotal = (count: number, exact: boolean) =>
  exact ? count.toLocaleString() : `${count.toLocaleString()}+`;

export const lowerBoundHint = (count: number) =>
  `At least ${count.toLocaleString()} datasets match; refine the search to count them exactly.`;

export const APPROXIMATE_FACETS_NOTE =
  'Counts are estimated from a sample of the matches. Pick a value to get exact results.';

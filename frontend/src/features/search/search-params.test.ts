import { describe, expect, it } from 'vitest';

import { parseSearchParams, resultRange, toSearchParams, toggleFilter } from './search-params';

describe('search params', () => {
  it('round-trips query, filters, sort and page through the URL', () => {
    const state = parseSearchParams(
      new URLSearchParams('q=tag:pii customer&platform=hive,kafka&platform=mysql&sort=name&page=3'),
    );
    expect(state).toEqual({
      q: 'tag:pii customer',
      filters: { platform: ['hive', 'kafka', 'mysql'] },
      sort: 'name',
      page: 3,
    });
    expect(toSearchParams(state).toString()).toBe(
      'q=tag%3Apii+customer&platform=hive%2Ckafka%2Cmysql&sort=name&page=3',
    );
  });

  it('ignores unknown sorts and bad pages', () => {
    const state = parseSearchParams(new URLSearchParams('sort=evil&page=-2&nope=1'));
    expect(state).toEqual({ q: '', filters: {}, sort: 'relevance', page: 1 });
    expect(toSearchParams(state).toString()).toBe('');
  });

  it('toggling a filter goes back to page 1 and drops empty facets', () => {
    const state = parseSearchParams(new URLSearchParams('platform=hive&page=4'));
    const added = toggleFilter(state, 'tag', 'PII', true);
    expect(added.filters).toEqual({ platform: ['hive'], tag: ['PII'] });
    expect(added.page).toBe(1);
    expect(toggleFilter(added, 'platform', 'hive', false).filters).toEqual({ tag: ['PII'] });
  });

  it('says which results a page shows', () => {
    expect(resultRange(1, 57)).toEqual([1, 10]);
    expect(resultRange(6, 57)).toEqual([51, 57]);
    expect(resultRange(1, 0)).toEqual([0, 0]);
  });
});

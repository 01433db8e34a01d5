import { describe, expect, it } from 'vitest';

import {
  kindOf,
  paramsForKind,
  parseEntitySearch,
  toEntitySearchParams,
  toggleType,
} from './entity-search';

describe('entity search state', () => {
  it('is the dataset search while the URL names no type', () => {
    expect(parseEntitySearch(new URLSearchParams('q=orders&platform=hive'))).toBeNull();
    expect(kindOf(null)).toBe('datasets');
  });

  it('reads types, keeps known ones only, and writes them back', () => {
    const state = parseEntitySearch(
      new URLSearchParams('q=rev&type=glossaryTerm,bogus,glossaryNode,glossaryTerm&page=2'),
    );
    expect(state).toEqual({ q: 'rev', types: ['glossaryTerm', 'glossaryNode'], page: 2 });
    expect(kindOf(state)).toBe('glossary');
    expect(toEntitySearchParams(state!).toString()).toBe(
      'q=rev&type=glossaryTerm%2CglossaryNode&page=2',
    );
    expect(parseEntitySearch(new URLSearchParams('type=all'))).toEqual({
      q: '',
      types: [],
      page: 1,
    });
  });

  it('switches kinds keeping the words, and narrows by the type facet from page 1', () => {
    expect(paramsForKind('orders', 'pipelines').toString()).toBe(
      'q=orders&type=dataFlow%2CdataJob',
    );
    expect(paramsForKind('orders', 'datasets').toString()).toBe('q=orders');
    expect(paramsForKind('', 'all').toString()).toBe('type=all');
    const state = { q: 'x', types: ['dataFlow' as const], page: 3 };
    const more = toggleType(state, 'dataJob', true);
    expect(more).toEqual({ q: 'x', types: ['dataFlow', 'dataJob'], page: 1 });
    expect(kindOf(more)).toBe('pipelines');
    const none = toggleType(state, 'dataFlow', false);
    expect(none.types).toEqual([]);
    expect(toEntitySearchParams(none).get('type')).toBe('all');
    expect(kindOf({ ...state, types: ['tag', 'chart'] })).toBeUndefined();
  });
});

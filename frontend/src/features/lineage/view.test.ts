import { describe, expect, it } from 'vitest';

import { edge, fanOut, graph, node } from './fixtures';
import { collapsed, type ExploredGraph, lineageSlice, merged, ungrouped } from './lineage-slice';
import { buildView, GROUP_AT, needsFetch } from './view';

const explore = (...actions: Parameters<typeof lineageSlice.reducer>[1][]): ExploredGraph => {
  let state = lineageSlice.reducer(undefined, { type: 'init' });
  for (const action of actions) state = lineageSlice.reducer(state, action);
  return state.graphs.r!;
};
const load = (g: ReturnType<typeof graph>) =>
  merged({ root: 'r', from: 'r', direction: 'both', graph: g });

describe('buildView', () => {
  it('folds a large fan-out of leaves into one "+ N more" node and opens it on demand', () => {
    const explored = explore(load(fanOut('r', 300)));
    const view = buildView('r', explored);
    expect(view.nodes).toHaveLength(GROUP_AT + 1);
    expect(view.more).toHaveLength(1);
    expect(view.more[0]).toMatchObject({ parent: 'r', side: 'downstream', hidden: 0 });
    expect(view.more[0]!.grouped).toHaveLength(300 - GROUP_AT);
    // The first by name stay drawn.
    expect(view.nodes.map((n) => n.node.urn)).toContain('d000');
    expect(view.edges).toHaveLength(GROUP_AT);

    const opened = buildView(
      'r',
      explore(load(fanOut('r', 300)), ungrouped({ root: 'r', urn: 'r', side: 'downstream' })),
    );
    expect(opened.nodes).toHaveLength(301);
    expect(opened.more).toHaveLength(0);
  });

  it('counts neighbours the server has not sent in the "+ N more" with its cursor', () => {
    const view = buildView('r', explore(load(fanOut('r', 5, 312))));
    expect(view.more).toEqual([
      {
        id: 'more:r|downstream',
        parent: 'r',
        side: 'downstream',
        grouped: [],
        hidden: 312,
        cursor: 'next',
      },
    ]);
    const root = view.nodes.find((n) => n.isRoot)!;
    expect(root.downstream).toMatchObject({ total: 317, hidden: 312, shown: 5 });
  });

  it('does not count as hidden what another answer already loaded', () => {
    // u says it has one hidden downstream, but that one (r) is in the graph.
    const view = buildView(
      'r',
      explore(
        load(
          graph(
            'r',
            [
              node('r', 0, { upstream_count: 1 }),
              node('u', -1, { downstream_count: 1, downstream_hidden: 1 }),
            ],
            [edge('u', 'r')],
          ),
        ),
      ),
    );
    expect(view.nodes.find((n) => n.node.urn === 'u')!.downstream.hidden).toBe(0);
    expect(view.more).toHaveLength(0);
  });

  it('hides what lies behind a collapsed side, and nothing else', () => {
    const g = graph(
      'r',
      [node('r', 0), node('u', -1), node('uu', -2), node('d', 1)],
      [edge('uu', 'u'), edge('u', 'r'), edge('r', 'd')],
    );
    const view = buildView(
      'r',
      explore(load(g), collapsed({ root: 'r', urn: 'u', side: 'upstream' })),
    );
    expect(view.nodes.map((n) => n.node.urn).sort()).toEqual(['d', 'r', 'u']);
    expect(view.notShown).toBe(1);
    const u = view.nodes.find((n) => n.node.urn === 'u')!;
    expect(u.upstream.collapsed).toBe(true);
    expect(needsFetch(u.upstream)).toBe(false);
  });

  it('filters by platform and entity type, always keeping the root', () => {
    const g = graph(
      'r',
      [
        node('r', 0, { platform: 'kafka' }),
        node('a', 1, { platform: 'hive' }),
        node('b', 1, { platform: 's3' }),
      ],
      [edge('r', 'a'), edge('r', 'b')],
    );
    const explored = explore(load(g));
    expect(buildView('r', explored).platforms).toEqual(['hive', 'kafka', 's3']);
    const hive = buildView('r', explored, { platforms: ['hive'], types: [] });
    expect(hive.nodes.map((n) => n.node.urn).sort()).toEqual(['a', 'r']);
    expect(hive.edges).toHaveLength(1);
    const tasksOnly = buildView('r', explored, { platforms: [], types: ['data_job'] });
    expect(tasksOnly.nodes.map((n) => n.node.urn)).toEqual(['r']);
  });

  it('asks the server for a side with hidden neighbours, and only expands away from the root', () => {
    const g = graph(
      'r',
      [
        node('r', 0, { upstream_count: 1 }),
        node('u', -1, { upstream_count: 4, upstream_hidden: 4, downstream_count: 1 }),
      ],
      [edge('u', 'r')],
    );
    const u = buildView('r', explore(load(g))).nodes.find((n) => n.node.urn === 'u')!;
    expect(u.upstream).toMatchObject({ hidden: 4, expandable: true });
    expect(needsFetch(u.upstream)).toBe(true);
    expect(u.downstream.expandable).toBe(false);
  });
});

/** The explorer's calls to the server and what they do to the explored graph: load the root
 * N hops out, expand one side of a node (its cursor's next page, or one hop), open a
 * "+ N more", trace a column, add or remove upstreams. */
import { useCallback, useEffect, useState } from 'react';
import { useDispatch, useSelector } from 'react-redux';
import type { ThunkDispatch, UnknownAction } from '@reduxjs/toolkit';
import { message } from 'antd';

import { errorMessage } from '@/lib/errors';
import type { ColumnTrace, LineageEdge, LineageType } from '@/types/api';

import { useLazyGetColumnLineageQuery } from './api/get-column-lineage';
import { useLazyGetLineageQuery } from './api/get-lineage';
import { useUpdateUpstreamsMutation } from './api/update-upstreams';
import {
  collapsed,
  type LineageState,
  merged,
  reopened,
  selectGraph,
  type Side,
  ungrouped,
} from './lineage-slice';
import type { MoreNode, SideState } from './view';

type Dispatch = ThunkDispatch<{ lineage: LineageState }, unknown, UnknownAction>;

/** Neighbours asked for per node and side: a page a click on "+ N more" adds. */
export const PAGE = 100;

export function useExplorer(root: string, depth: number, columns: boolean) {
  const dispatch = useDispatch<Dispatch>();
  const graph = useSelector((state: { lineage: LineageState }) => selectGraph(state, root));
  const [fetchLineage, { error }] = useLazyGetLineageQuery();
  const [fetchTrace, { isFetching: tracing }] = useLazyGetColumnLineageQuery();
  const [updateUpstreams, { isLoading: saving }] = useUpdateUpstreamsMutation();
  const [loading, setLoading] = useState<string | null>(null);
  const [trace, setTrace] = useState<ColumnTrace | null>(null);

  const load = useCallback(async () => {
    try {
      const result = await fetchLineage({
        urn: root,
        direction: 'both',
        depth,
        limit: PAGE,
        columns,
      }).unwrap();
      dispatch(
        merged({ root, from: root, direction: 'both', graph: result, replace: true, columns }),
      );
    } catch {
      // `error` from the hook shows it
    }
  }, [dispatch, fetchLineage, root, depth, columns]);

  // A fresh load on opening and whenever the depth or column mode changes.
  useEffect(() => {
    void load();
  }, [load]);

  const fetchSide = useCallback(
    async (urn: string, side: Side, cursor: string | null, key: string) => {
      setLoading(key);
      try {
        const result = await fetchLineage(
          cursor
            ? { urn, direction: side, depth: 1, limit: PAGE, columns, cursor }
            : { urn, direction: side, depth: 1, limit: PAGE, columns },
        ).unwrap();
        dispatch(merged({ root, from: urn, direction: side, graph: result }));
      } catch (err) {
        void message.error(errorMessage(err));
      } finally {
        setLoading(null);
      }
    },
    [columns, dispatch, fetchLineage, root],
  );

  const expandSide = useCallback(
    (urn: string, side: Side, state: SideState) => {
      if (state.collapsed) {
        dispatch(reopened({ root, urn, side }));
        if (state.hidden > 0 && state.shown === 0) void fetchSide(urn, side, state.cursor, urn);
        return;
      }
      void fetchSide(urn, side, state.cursor, urn);
    },
    [dispatch, fetchSide, root],
  );

  const collapseSide = useCallback(
    (urn: string, side: Side) => dispatch(collapsed({ root, urn, side })),
    [dispatch, root],
  );

  const openMore = useCallback(
    (more: MoreNode) => {
      if (more.grouped.length) dispatch(ungrouped({ root, urn: more.parent, side: more.side }));
      if (more.hidden) void fetchSide(more.parent, more.side, more.cursor, more.id);
    },
    [dispatch, fetchSide, root],
  );

  const traceColumn = useCallback(
    async (urn: string, fieldPath: string) => {
      try {
        setTrace(await fetchTrace({ urn, fieldPath }).unwrap());
      } catch (err) {
        void message.error(errorMessage(err));
      }
    },
    [fetchTrace],
  );

  const change = useCallback(
    async (
      urn: string,
      version: number | undefined,
      body: Parameters<typeof updateUpstreams>[0]['change'],
    ) => {
      try {
        await updateUpstreams({ urn, version, change: body }).unwrap();
        await load();
        return true;
      } catch (err) {
        void message.error(errorMessage(err));
        return false;
      }
    },
    [load, updateUpstreams],
  );
  const addUpstream = (upstream: string, type: LineageType, version?: number) =>
    change(root, version, { add: [{ urn: upstream, type }] });
  const removeEdge = (edge: LineageEdge, version?: number) =>
    change(edge.downstream, edge.downstream === root ? version : undefined, {
      remove: [edge.upstream],
    });

  return {
    graph,
    error,
    loading,
    load,
    expandSide,
    collapseSide,
    openMore,
    trace,
    tracing,
    traceColumn,
    clearTrace: () => setTrace(null),
    saving,
    addUpstream,
    removeEdge,
  };
}

import '@xyflow/react/dist/style.css';

import { CompressOutlined } from '@ant-design/icons';
import { Alert, Empty, Skeleton, Space } from 'antd';
import {
  Background,
  ControlButton,
  Controls,
  type Edge,
  MarkerType,
  MiniMap,
  type Node,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { ErrorState } from '@/components/ErrorState';

import {
  boundsOf,
  columnKey,
  drawGraph,
  JOB_HEIGHT,
  MORE_SIZE,
  segmentKey,
  traceOf,
  uniqueSegments,
} from '../flow';
import { NODE_HEIGHT, NODE_WIDTH } from '../layout';
import { fieldEdgeKey } from '../lineage-slice';
import { useExplorer } from '../use-explorer';
import { buildView, type Filters, NO_FILTERS, showsType } from '../view';
import { AddUpstream } from './AddUpstream';
import { ExplorerControls } from './ExplorerControls';
import { DatasetNode, type DatasetFlowNode } from './DatasetNode';
import { EdgeDetails } from './EdgeDetails';
import { JobNode, type JobFlowNode } from './JobNode';
import { MoreNode, type MoreFlowNode } from './MoreNode';

const nodeTypes = { dataset: DatasetNode, job: JobNode, more: MoreNode };
/** Below this zoom a 14px label is under 10px on screen: "fit" stops there and centres on the
 * root instead (the minimap shows the rest). */
export const READABLE_ZOOM = 0.75;

export interface ExplorerProps {
  rootUrn: string;
  /** The full-screen explorer (minimap, filters, find); else the dataset page's tab. */
  fullScreen?: boolean;
  /** The user may edit the root dataset (add upstreams, remove its upstream edges). */
  canEdit?: boolean;
  /** The user may edit any dataset (remove any edge). */
  canEditAny?: boolean;
  /** The root dataset's version, sent as If-Match with its edits. */
  version?: number;
  /** Extra toolbar content (the tab's link to the full-screen explorer). */
  extra?: ReactNode;
}

export function LineageExplorer({
  rootUrn,
  fullScreen = false,
  canEdit = false,
  canEditAny = false,
  version,
  extra,
}: ExplorerProps) {
  const [depth, setDepth] = useState(1);
  const [columns, setColumns] = useState(false);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [found, setFound] = useState<string | null>(null);
  const explorer = useExplorer(rootUrn, depth, columns);
  const { graph, trace, loading, expandSide, collapseSide, traceColumn, openMore } = explorer;
  const flow = useReactFlow();
  const canvas = useRef<HTMLDivElement>(null);

  const view = useMemo(
    () => (graph ? buildView(rootUrn, graph, filters) : null),
    [graph, rootUrn, filters],
  );
  const drawnUrns = useMemo(() => new Set(view?.nodes.map((n) => n.node.urn)), [view]);
  const traced = useMemo(() => (trace ? traceOf(trace, drawnUrns) : null), [trace, drawnUrns]);
  const showTasks = showsType(filters, 'data_job');
  const drawn = useMemo(
    () => (view ? drawGraph(view, { columns, showTasks, trace: traced, root: rootUrn }) : null),
    [view, columns, showTasks, traced, rootUrn],
  );

  const nodes = useMemo((): Node[] => {
    if (!view || !drawn) return [];
    const datasets: DatasetFlowNode[] = view.nodes.map((item) => {
      const shown = drawn.fields.get(item.node.urn);
      const size = drawn.sizes[item.node.urn] ?? { width: NODE_WIDTH, height: NODE_HEIGHT };
      return {
        id: item.node.urn,
        type: 'dataset',
        position: drawn.positions[item.node.urn] ?? { x: 0, y: 0 },
        // The sizes the layout used: the minimap draws nodes from them (measured sizes would
        // need the nodes state React Flow keeps for dragging, which the explorer does without).
        initialWidth: size.width,
        initialHeight: size.height,
        data: {
          ...item,
          loading: loading === item.node.urn,
          found: found === item.node.urn,
          fields: shown ? shown.fields : null,
          otherFields: shown?.others ?? 0,
          traced: new Set(
            shown?.fields
              .map((f) => f.field_path)
              .filter((path) => traced?.columns.has(columnKey(item.node.urn, path))),
          ),
          dimmed:
            Boolean(traced) &&
            !shown?.fields.some((f) => traced?.columns.has(columnKey(item.node.urn, f.field_path))),
          onSide: expandSide,
          onCollapse: collapseSide,
          onField: (urn, path) => void traceColumn(urn, path),
        },
      };
    });
    const jobs: JobFlowNode[] = [...drawn.jobs.values()].map((job) => ({
      id: job.urn,
      type: 'job',
      position: drawn.positions[job.urn] ?? { x: 0, y: 0 },
      initialWidth: NODE_WIDTH,
      initialHeight: JOB_HEIGHT,
      data: job as JobFlowNode['data'],
    }));
    const more: MoreFlowNode[] = view.more.map((item) => ({
      id: item.id,
      type: 'more',
      position: drawn.positions[item.id] ?? { x: 0, y: 0 },
      initialWidth: MORE_SIZE.width,
      initialHeight: MORE_SIZE.height,
      data: { ...item, loading: loading === item.id, onOpen: openMore },
    }));
    return [...datasets, ...jobs, ...more];
  }, [view, drawn, loading, expandSide, collapseSide, traceColumn, openMore, found, traced]);

  const edges = useMemo((): Edge[] => {
    if (!drawn) return [];
    const datasetEdges: Edge[] = uniqueSegments(drawn.segments).map((segment) => {
      const { source, target, edge } = segment;
      const byHand = edge.sources?.includes('editable') ?? false;
      const key = segmentKey(segment);
      const classes = [
        byHand && 'is-hand-made',
        key === selectedKey && 'is-selected',
        columns && 'is-faint',
      ];
      return {
        id: `${source}→${target}`,
        source,
        target,
        // No type on the task's input half, in column mode, or on the hundreds of a grid.
        label:
          (edge.job && showTasks && target === edge.job.urn) ||
          columns ||
          drawn.gridded.has(source) ||
          drawn.gridded.has(target)
            ? undefined
            : edge.type,
        className: classes.filter(Boolean).join(' '),
        style: byHand ? { strokeDasharray: '6 4' } : undefined,
        markerEnd: { type: MarkerType.ArrowClosed },
        data: { key },
        ariaLabel: `${edge.type} by ${edge.job?.name ?? (edge.actor || 'unknown')}${byHand ? ', added by hand' : ''}`,
      };
    });
    const moreEdges: Edge[] = drawn.moreLinks.map(({ more, source, target }) => ({
      id: `${source}→${target}`,
      source,
      target,
      className: 'is-more',
      data: { more: more.id },
    }));
    const fieldEdges: Edge[] = drawn.fieldEdges.map((edge) => {
      const key = fieldEdgeKey(edge);
      const onPath = traced?.edges.has(key) ?? false;
      return {
        id: `field:${key}`,
        source: edge.upstream,
        sourceHandle: `out:${edge.upstream_field}`,
        target: edge.downstream,
        targetHandle: `in:${edge.downstream_field}`,
        className: `is-field${onPath ? ' is-traced' : ''}${traced && !onPath ? ' is-faint' : ''}`,
        animated: onPath,
        label: onPath && edge.transformation ? edge.transformation : undefined,
        ariaLabel: `${edge.upstream_field} → ${edge.downstream_field}`,
      };
    });
    return [...datasetEdges, ...moreEdges, ...fieldEdges];
  }, [drawn, selectedKey, columns, showTasks, traced]);

  /** Fit to screen, but not below a readable zoom: then the root is centred instead. */
  const fit = useCallback(() => {
    const box = canvas.current;
    if (!drawn || !box) return;
    const bounds = boundsOf(drawn.positions, drawn.sizes);
    const pad = 40;
    const zoom = Math.min(
      (box.clientWidth - 2 * pad) / Math.max(bounds.width, 1),
      (box.clientHeight - 2 * pad) / Math.max(bounds.height, 1),
      1,
    );
    if (zoom >= READABLE_ZOOM || !fullScreen) {
      const z = Math.max(zoom, 0.2);
      void flow.setViewport({
        x: (box.clientWidth - bounds.width * z) / 2 - bounds.x * z,
        y: (box.clientHeight - bounds.height * z) / 2 - bounds.y * z,
        zoom: z,
      });
      return;
    }
    const at = drawn.positions[found ?? rootUrn] ?? { x: bounds.x, y: bounds.y };
    const size = drawn.sizes[found ?? rootUrn] ?? { width: NODE_WIDTH, height: NODE_HEIGHT };
    void flow.setCenter(at.x + size.width / 2, at.y + size.height / 2, { zoom: READABLE_ZOOM });
  }, [drawn, flow, fullScreen, found, rootUrn]);

  // Frame the graph again when what is drawn changes shape (not on a selection or a hover).
  const shape = drawn ? Object.keys(drawn.positions).length : 0;
  useEffect(() => {
    const frame = requestAnimationFrame(fit);
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on a change of shape only
  }, [shape, columns]);

  const findOptions = useMemo(() => {
    if (!view || !graph) return [];
    const grouped = view.more.flatMap((m) => m.grouped);
    return [...view.nodes.map((n) => n.node.urn), ...grouped].map((urn) => ({
      value: urn,
      label: graph.nodes[urn]?.name ?? urn,
    }));
  }, [view, graph]);

  const find = (urn: string) => {
    const parent = view?.more.find((m) => m.grouped.includes(urn));
    if (parent) explorer.openMore({ ...parent, hidden: 0 });
    setFound(urn);
  };
  // Centre on the found node once it is drawn (after its fan-out opened, if it was folded).
  const foundAt = found ? drawn?.positions[found] : undefined;
  useEffect(() => {
    if (!found || !foundAt) return;
    const size = drawn?.sizes[found] ?? { width: NODE_WIDTH, height: NODE_HEIGHT };
    void flow.setCenter(foundAt.x + size.width / 2, foundAt.y + size.height / 2, {
      zoom: Math.max(flow.getZoom(), 1),
      duration: 300,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per find and position
  }, [found, foundAt?.x, foundAt?.y]);

  if (explorer.error && !graph)
    return <ErrorState error={explorer.error} onRetry={() => void explorer.load()} />;
  if (!graph || !view) return <Skeleton active />;

  const nameOf = (urn: string) => graph.nodes[urn]?.name ?? urn;
  const selected = selectedKey ? graph.edges[selectedKey] : undefined;
  const lonely = Object.keys(graph.nodes).length <= 1;

  return (
    <div className={fullScreen ? 'lineage-explorer is-full' : 'lineage-tab'}>
      <div className="tab-toolbar lineage-toolbar">
        <ExplorerControls
          fullScreen={fullScreen}
          depth={depth}
          onDepth={setDepth}
          columns={columns}
          onColumns={(on) => {
            setColumns(on);
            explorer.clearTrace();
          }}
          filters={filters}
          onFilters={setFilters}
          platforms={view.platforms}
          found={found}
          onFind={(urn) => (urn ? find(urn) : setFound(null))}
          findOptions={findOptions}
          shown={view.nodes.length}
          more={view.notShown + view.more.reduce((n, m) => n + m.hidden, 0)}
        />
        <Space size="small">
          {canEdit && (
            <AddUpstream
              name={nameOf(rootUrn)}
              saving={explorer.saving}
              onAdd={(urn, type) => explorer.addUpstream(urn, type, version)}
            />
          )}
          {extra}
        </Space>
      </div>
      {graph.truncated && (
        <Alert type="info" showIcon title="The graph was cut at the server's node limit." />
      )}
      {traced && trace && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: explorer.clearTrace }}
          data-testid="lineage-trace"
          title={`${trace.root.field_path}: ${trace.nodes.length} columns on its path${traced.outside ? ` (${traced.outside} in datasets not drawn)` : ''}`}
        />
      )}
      {lonely ? (
        <Empty description="No upstream or downstream datasets are known." />
      ) : (
        <div
          ref={canvas}
          className={`lineage-canvas${fullScreen ? ' is-full' : ''}${columns ? ' is-columns' : ''}`}
          data-testid="lineage-graph"
        >
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            minZoom={0.05}
            maxZoom={2}
            nodesConnectable={false}
            nodesDraggable={false}
            onEdgeClick={(_, edge) => {
              const key = (edge.data as { key?: string } | undefined)?.key;
              if (key) setSelectedKey(key);
            }}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} showFitView={false}>
              <ControlButton onClick={fit} aria-label="Fit to screen" title="Fit to screen">
                <CompressOutlined />
              </ControlButton>
            </Controls>
            {fullScreen && (
              <MiniMap
                pannable
                zoomable
                ariaLabel="Minimap"
                nodeColor={(node) =>
                  node.id === rootUrn
                    ? '#1677ff'
                    : node.type === 'job'
                      ? '#b37feb'
                      : node.type === 'more'
                        ? '#fa8c16'
                        : '#8c8c8c'
                }
                nodeBorderRadius={6}
              />
            )}
          </ReactFlow>
        </div>
      )}
      {selected && (
        <EdgeDetails
          edge={selected}
          nameOf={nameOf}
          canRemove={canEditAny || (canEdit && selected.downstream === rootUrn)}
          removing={explorer.saving}
          onRemove={(edge) =>
            void explorer.removeEdge(edge, version).then((done) => {
              if (done) setSelectedKey(null);
            })
          }
          onClose={() => setSelectedKey(null)}
        />
      )}
    </div>
  );
}

import { Select, Space, Switch, Tooltip, Typography } from 'antd';

import type { EntityType, Filters } from '../view';

const DEPTHS = Array.from({ length: 10 }, (_, i) => i + 1);
const TYPE_OPTIONS: { value: EntityType; label: string }[] = [
  { value: 'dataset', label: 'Datasets' },
  { value: 'data_job', label: 'Pipeline tasks' },
];

interface Props {
  fullScreen: boolean;
  depth: number;
  onDepth: (depth: number) => void;
  columns: boolean;
  onColumns: (on: boolean) => void;
  filters: Filters;
  onFilters: (filters: Filters) => void;
  platforms: string[];
  found: string | null;
  onFind: (urn: string | null) => void;
  findOptions: { value: string; label: string }[];
  /** Datasets drawn, and those known or counted but not drawn. */
  shown: number;
  more: number;
}

/** The explorer's toolbar: hops, column mode and, full screen, the filters and the finder. */
export function ExplorerControls({
  fullScreen,
  depth,
  onDepth,
  columns,
  onColumns,
  filters,
  onFilters,
  platforms,
  found,
  onFind,
  findOptions,
  shown,
  more,
}: Props) {
  return (
    <Space wrap size="small">
      <Select
        size="small"
        aria-label="Depth"
        value={depth}
        onChange={onDepth}
        options={DEPTHS.map((d) => ({ value: d, label: `${d} hop${d > 1 ? 's' : ''}` }))}
        style={{ width: 96 }}
      />
      <Tooltip title="Open the datasets into their columns and draw column-level lineage">
        <Space size={4}>
          <Switch size="small" checked={columns} onChange={onColumns} aria-label="Column mode" />
          <Typography.Text>Columns</Typography.Text>
        </Space>
      </Tooltip>
      {fullScreen && (
        <>
          <Select
            size="small"
            mode="multiple"
            allowClear
            aria-label="Platforms"
            placeholder="All platforms"
            value={filters.platforms}
            onChange={(chosen: string[]) => onFilters({ ...filters, platforms: chosen })}
            options={platforms.map((p) => ({ value: p, label: p }))}
            style={{ minWidth: 160 }}
          />
          <Select
            size="small"
            mode="multiple"
            allowClear
            aria-label="Entity types"
            placeholder="All types"
            value={filters.types}
            onChange={(types: EntityType[]) => onFilters({ ...filters, types })}
            options={TYPE_OPTIONS}
            style={{ minWidth: 160 }}
          />
          <Select
            size="small"
            showSearch={{ optionFilterProp: 'label' }}
            allowClear
            aria-label="Find a node"
            placeholder="Find a node"
            value={found ?? undefined}
            onChange={(urn?: string) => onFind(urn ?? null)}
            options={findOptions}
            style={{ width: 220 }}
          />
        </>
      )}
      <Typography.Text type="secondary" data-testid="lineage-count">
        {shown} datasets shown{more ? `, ${more} more` : ''}
      </Typography.Text>
    </Space>
  );
}

import { DownloadOutlined } from '@ant-design/icons';
import {
  Button,
  message,
  Radio,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { errorMessage } from '@/lib/errors';
import { entityPath, ownerPath, urnName } from '@/lib/routes';
import type { ImpactRow } from '@/types/api';

import { downloadImpactCsv } from '../api/download-impact-csv';
import { type ImpactArgs, type ImpactType, useGetImpactQuery } from '../api/get-impact';

export const IMPACT_PAGE = 50;
const HOPS = Array.from({ length: 10 }, (_, i) => i + 1);

const TYPE_LABELS: Record<string, string> = {
  dataset: 'Dataset',
  data_job: 'Pipeline task',
  chart: 'Chart',
  dashboard: 'Dashboard',
};
/** `entityPath`'s type names for the impact's row types. */
const ROUTE_TYPES: Record<string, string> = {
  dataset: 'dataset',
  data_job: 'dataJob',
  chart: 'chart',
  dashboard: 'dashboard',
};

const rowPath = (row: { urn: string; type: string }) =>
  entityPath(ROUTE_TYPES[row.type] ?? row.type, row.urn);

const columns: TableColumnsType<ImpactRow> = [
  {
    title: 'Dataset',
    key: 'name',
    render: (_, row) => {
      const path = rowPath(row);
      const via = row.path.slice(1, -1).map((step) => step.name);
      return (
        <div>
          {path ? <Link to={path}>{row.name}</Link> : row.name}
          {via.length > 0 && (
            <Typography.Text type="secondary" className="impact-via">
              via {via.join(' → ')}
            </Typography.Text>
          )}
        </div>
      );
    },
  },
  { title: 'Type', key: 'type', render: (_, row) => TYPE_LABELS[row.type] ?? row.type },
  { title: 'Platform', key: 'platform', render: (_, row) => <Tag>{row.platform}</Tag> },
  {
    title: 'Owners',
    key: 'owners',
    render: (_, row) =>
      row.owners.length
        ? row.owners.map((owner) => (
            <Link
              key={`${owner.kind}:${owner.name}`}
              to={ownerPath(owner)}
              className="impact-owner"
            >
              {owner.name}
            </Link>
          ))
        : '—',
  },
  {
    title: 'Actor',
    key: 'actor',
    render: (_, row) => {
      if (!row.actor) return '—';
      const job = /^urn:li:dataJob:/.test(row.actor) ? entityPath('dataJob', row.actor) : null;
      return job ? (
        <Link to={job}>{row.actor.replace(/^.*,([^,)]+)\)$/, '$1')}</Link>
      ) : (
        urnName(row.actor)
      );
    },
  },
  {
    title: 'Last Modified',
    key: 'last_modified',
    render: (_, row) => (row.last_modified ? new Date(row.last_modified).toLocaleString() : '—'),
  },
  { title: 'Hops', dataIndex: 'hops', key: 'hops', align: 'right' },
];

/** Everything a change to the dataset reaches (downstream) or everything it comes from
 * (upstream), hop by hop, filtered by type and platform, as a table or a CSV file. */
export function ImpactTab({ urn }: { urn: string }) {
  const [direction, setDirection] = useState<'downstream' | 'upstream'>('downstream');
  const [maxHops, setMaxHops] = useState(3);
  const [types, setTypes] = useState<ImpactType[]>([]);
  const [platforms, setPlatforms] = useState<string[]>([]);
  const [offset, setOffset] = useState(0);
  const [downloading, setDownloading] = useState(false);
  const args: ImpactArgs = {
    urn,
    direction,
    maxHops,
    types,
    platforms,
    limit: IMPACT_PAGE,
    offset,
  };
  const { data, error, isFetching, refetch } = useGetImpactQuery(args);
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setOffset(0);
    };

  const download = async () => {
    setDownloading(true);
    try {
      const blob = await downloadImpactCsv(args);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `impact-${direction}-${urnName(urn).replace(/[^\w.-]+/g, '_')}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setDownloading(false);
    }
  };

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  return (
    <div className="impact-tab" data-testid="impact-tab">
      <div className="tab-toolbar">
        <Space wrap>
          <Radio.Group
            size="small"
            value={direction}
            onChange={(e) => change(setDirection)(e.target.value as 'downstream' | 'upstream')}
            optionType="button"
            options={[
              { value: 'downstream', label: 'Downstream (impact)' },
              { value: 'upstream', label: 'Upstream (sources)' },
            ]}
          />
          <Select
            size="small"
            aria-label="Max hops"
            value={maxHops}
            onChange={change(setMaxHops)}
            options={HOPS.map((h) => ({ value: h, label: `up to ${h} hop${h > 1 ? 's' : ''}` }))}
            style={{ width: 130 }}
          />
          <Select
            size="small"
            mode="multiple"
            allowClear
            aria-label="Types"
            placeholder="All types"
            value={types}
            onChange={change(setTypes)}
            options={(data?.facets.type ?? []).map((f) => ({
              value: f.value,
              label: `${TYPE_LABELS[f.value] ?? f.value} (${f.count})`,
            }))}
            style={{ minWidth: 150 }}
          />
          <Select
            size="small"
            mode="multiple"
            allowClear
            aria-label="Platforms"
            placeholder="All platforms"
            value={platforms}
            onChange={change(setPlatforms)}
            options={(data?.facets.platform ?? []).map((f) => ({
              value: f.value,
              label: `${f.value} (${f.count})`,
            }))}
            style={{ minWidth: 150 }}
          />
        </Space>
        <Button
          size="small"
          icon={<DownloadOutlined />}
          loading={downloading}
          disabled={!data?.count}
          onClick={() => void download()}
        >
          Download CSV
        </Button>
      </div>
      {data && (
        <Typography.Paragraph type="secondary" data-testid="impact-totals">
          {data.count} {direction === 'downstream' ? 'affected' : 'upstream'} entities
          {data.totals.length > 0 &&
            `: ${data.totals.map((t) => `${t.count} at ${t.hops} hop${t.hops > 1 ? 's' : ''}`).join(', ')}`}
        </Typography.Paragraph>
      )}
      <Table<ImpactRow>
        size="small"
        rowKey="urn"
        loading={isFetching}
        columns={columns}
        dataSource={data?.results ?? []}
        pagination={{
          current: Math.floor(offset / IMPACT_PAGE) + 1,
          pageSize: IMPACT_PAGE,
          total: data?.count ?? 0,
          showSizeChanger: false,
          onChange: (page) => setOffset((page - 1) * IMPACT_PAGE),
        }}
      />
    </div>
  );
}

export default ImpactTab;

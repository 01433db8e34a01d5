import { Table, Tag, Typography } from 'antd';

import type { Run, RunState } from '@/types/entities';

const COLORS: Record<RunState, string> = {
  START: 'processing',
  RUNNING: 'processing',
  COMPLETE: 'success',
  FAIL: 'error',
  ABORT: 'warning',
  OTHER: 'default',
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

const took = (run: Run): string => {
  if (!run.started_at || !run.ended_at) return '—';
  const seconds = Math.round((Date.parse(run.ended_at) - Date.parse(run.started_at)) / 1000);
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
};

export function RunStateTag({ state }: { state: RunState }) {
  return <Tag color={COLORS[state] ?? 'default'}>{state.toLowerCase()}</Tag>;
}

/** One line about a run: its state, when it started and how long it took. */
export function RunSummary({ run }: { run: Run | null }) {
  if (!run) return <Typography.Text type="secondary">No runs reported</Typography.Text>;
  return (
    <span className="run-summary">
      <RunStateTag state={run.state} /> {when(run.started_at)}
      {run.ended_at && <Typography.Text type="secondary"> · took {took(run)}</Typography.Text>}
    </span>
  );
}

/** A task's latest runs, as OpenLineage or DataHub reported them. */
export function RunsTable({ runs }: { runs: Run[] }) {
  return (
    <Table<Run>
      className="runs-table"
      rowKey="run_id"
      size="small"
      dataSource={runs}
      pagination={false}
      scroll={{ x: 640 }}
      locale={{ emptyText: 'No runs reported.' }}
      columns={[
        {
          title: 'State',
          dataIndex: 'state',
          width: 110,
          render: (state: RunState) => <RunStateTag state={state} />,
        },
        { title: 'Started', dataIndex: 'started_at', render: when },
        { title: 'Ended', dataIndex: 'ended_at', render: when },
        { title: 'Took', width: 90, render: (_: unknown, run) => took(run) },
        {
          title: 'Run',
          dataIndex: 'run_id',
          render: (id: string) => (
            <Typography.Text code ellipsis className="run-id">
              {id}
            </Typography.Text>
          ),
        },
        { title: 'Reported by', dataIndex: 'source', width: 120 },
      ]}
    />
  );
}

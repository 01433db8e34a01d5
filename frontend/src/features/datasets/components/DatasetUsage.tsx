import { BarChartOutlined, DashboardOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { chartPath, dashboardPath, datasetPath, jobPath, pipelinePath } from '@/lib/routes';
import type { DatasetDashboard, DatasetJob } from '@/types/entities';

const SHOWN = 3;

interface Props {
  urn: string;
  jobs: DatasetJob[];
  dashboards: DatasetDashboard[];
}

export function JobLink({ job }: { job: DatasetJob }) {
  return (
    <span className="job-link">
      <NodeIndexOutlined /> <Link to={jobPath(job.urn)}>{job.name}</Link>
      {job.flow && (
        <Typography.Text type="secondary">
          {' '}
          in <Link to={pipelinePath(job.flow.urn)}>{job.flow.name}</Link>
        </Typography.Text>
      )}
    </span>
  );
}

export function DashboardLink({ item }: { item: DatasetDashboard }) {
  const chart = item.type === 'chart';
  return (
    <span className="dashboard-link">
      {chart ? <BarChartOutlined /> : <DashboardOutlined />}{' '}
      <Link to={chart ? chartPath(item.urn) : dashboardPath(item.urn)}>{item.name}</Link>
    </span>
  );
}

function Group({
  label,
  children,
  more,
  urn,
}: {
  label: string;
  children: ReactNode;
  more: number;
  urn: string;
}) {
  return (
    <span className="dataset-usage-group">
      <Typography.Text type="secondary">{label}:</Typography.Text>
      {children}
      {more > 0 && <Link to={datasetPath(urn, 'properties')}>and {more} more</Link>}
    </span>
  );
}

/** One line in the header on the pipelines that write and read the dataset and the
 * dashboards built on it; the Properties tab lists them all. */
export function DatasetUsage({ urn, jobs, dashboards }: Props) {
  const writers = jobs.filter((job) => job.role === 'writes');
  const readers = jobs.filter((job) => job.role === 'reads');
  if (!jobs.length && !dashboards.length) return null;
  return (
    <div className="dataset-usage" data-testid="dataset-usage">
      {writers.length > 0 && (
        <Group label="Written by" more={writers.length - SHOWN} urn={urn}>
          {writers.slice(0, SHOWN).map((job) => (
            <JobLink key={job.urn} job={job} />
          ))}
        </Group>
      )}
      {readers.length > 0 && (
        <Group label="Read by" more={readers.length - SHOWN} urn={urn}>
          {readers.slice(0, SHOWN).map((job) => (
            <JobLink key={job.urn} job={job} />
          ))}
        </Group>
      )}
      {dashboards.length > 0 && (
        <Group label="Used by dashboards" more={dashboards.length - SHOWN} urn={urn}>
          {dashboards.slice(0, SHOWN).map((item) => (
            <DashboardLink key={item.urn} item={item} />
          ))}
        </Group>
      )}
    </div>
  );
}

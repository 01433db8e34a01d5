import { Descriptions, Empty, Typography } from 'antd';
import { Link } from 'react-router';

import { containerPath, domainPath, urnName } from '@/lib/routes';
import type { DatasetDetail } from '@/types/api';

import { DashboardLink, JobLink } from './DatasetUsage';

const when = (iso: string) => new Date(iso).toLocaleString();

export function PropertiesTab({ dataset }: { dataset: DatasetDetail }) {
  const custom = Object.entries(dataset.custom_properties);
  const { jobs, dashboards, container } = dataset;
  return (
    <div className="properties-tab">
      <Descriptions
        bordered
        size="small"
        column={1}
        title="About"
        items={[
          {
            key: 'urn',
            label: 'URN',
            children: <Typography.Text copyable>{dataset.urn}</Typography.Text>,
          },
          { key: 'qualified', label: 'Qualified name', children: dataset.qualified_name || '—' },
          {
            key: 'platform',
            label: 'Platform',
            children: `${dataset.platform.display_name} (${dataset.platform.kind})`,
          },
          { key: 'origin', label: 'Environment', children: dataset.origin },
          { key: 'browse', label: 'Browse path', children: dataset.browse_path },
          {
            key: 'domain',
            label: 'Domain',
            children: dataset.domain ? (
              <Link to={domainPath(dataset.domain)}>{dataset.domain}</Link>
            ) : (
              '—'
            ),
          },
          {
            key: 'container',
            label: 'Container',
            children: container ? (
              <Link to={containerPath(container.urn)}>
                {container.name}
                {container.sub_type && ` (${container.sub_type})`}
              </Link>
            ) : (
              '—'
            ),
          },
          {
            key: 'created',
            label: 'Created',
            children: `${when(dataset.created_at)} by ${urnName(dataset.created_by)}`,
          },
          {
            key: 'modified',
            label: 'Modified',
            children: `${when(dataset.modified_at)} by ${urnName(dataset.modified_by)}`,
          },
          { key: 'version', label: 'Version', children: dataset.version },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }} id="dataset-pipelines">
        Pipelines
      </Typography.Title>
      {jobs.length ? (
        <Descriptions
          bordered
          size="small"
          column={1}
          aria-labelledby="dataset-pipelines"
          items={(['writes', 'reads'] as const)
            .map((role) => ({ role, list: jobs.filter((job) => job.role === role) }))
            .filter(({ list }) => list.length)
            .map(({ role, list }) => ({
              key: role,
              label: role === 'writes' ? 'Written by' : 'Read by',
              children: (
                <ul className="plain-links">
                  {list.map((job) => (
                    <li key={job.urn}>
                      <JobLink job={job} />
                    </li>
                  ))}
                </ul>
              ),
            }))}
        />
      ) : (
        <Empty description="No pipeline reports reading or writing this dataset." />
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        Used by dashboards
      </Typography.Title>
      {dashboards.length ? (
        <ul className="plain-links">
          {dashboards.map((item) => (
            <li key={item.urn}>
              <DashboardLink item={item} />
            </li>
          ))}
        </ul>
      ) : (
        <Empty description="No chart or dashboard reads this dataset." />
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        Custom properties
      </Typography.Title>
      {custom.length ? (
        <Descriptions
          bordered
          size="small"
          column={1}
          items={custom.map(([key, value]) => ({ key, label: key, children: value }))}
        />
      ) : (
        <Empty description="No custom properties." />
      )}
    </div>
  );
}

import { Skeleton, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { ExternalLink } from '@/components/ExternalLink';
import { pipelinePath } from '@/lib/routes';

import { useGetJobQuery } from '../api/get-job';
import { CustomProperties } from './CustomProperties';
import { DatasetRefLinks } from './DatasetRefLinks';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityTabs } from './EntityTabs';
import { OwnerLinks } from './OwnerLinks';
import { RunsTable } from './RunsTable';
import { SideCard } from './SideCard';

/** `/job/:urn`: one task of a pipeline, what it reads and writes, and how its runs went. */
export default function JobPage() {
  const { urn = '' } = useParams();
  const { currentData: job, error, refetch } = useGetJobQuery(urn);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!job) return <Skeleton active paragraph={{ rows: 10 }} />;
  const crumbs = job.flow
    ? [
        { key: 'flow', title: <Link to={pipelinePath(job.flow.urn)}>{job.flow.name}</Link> },
        { key: 'job', title: job.name },
      ]
    : undefined;
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="dataJob"
          name={job.name}
          technicalName={job.job_id}
          urn={job.urn}
          breadcrumb={crumbs}
          description={job.description}
          badges={
            <>
              {job.type && <Tag>{job.type}</Tag>}
              {job.flow && <Tag>{job.flow.orchestrator}</Tag>}
            </>
          }
          actions={<ExternalLink url={job.url} label="Open in its orchestrator" />}
        />
      }
      main={
        <EntityTabs
          items={[
            {
              key: 'io',
              label: `Inputs & outputs (${job.inputs.length} → ${job.outputs.length})`,
              children: (
                <div className="job-io">
                  <section aria-labelledby="job-inputs">
                    <Typography.Title level={5} id="job-inputs">
                      Reads
                    </Typography.Title>
                    <DatasetRefLinks datasets={job.inputs} empty="No inputs reported." />
                  </section>
                  <section aria-labelledby="job-outputs">
                    <Typography.Title level={5} id="job-outputs">
                      Writes
                    </Typography.Title>
                    <DatasetRefLinks datasets={job.outputs} empty="No outputs reported." />
                  </section>
                </div>
              ),
            },
            {
              key: 'runs',
              label: `Runs (${job.runs.length})`,
              children: <RunsTable runs={job.runs} />,
            },
            { key: 'history', label: 'History', children: <EntityHistory urn={job.urn} /> },
          ]}
        />
      }
      side={
        <>
          <SideCard title="Pipeline">
            {job.flow ? (
              <Link to={pipelinePath(job.flow.urn)}>{job.flow.name}</Link>
            ) : (
              <Typography.Text type="secondary">In no pipeline</Typography.Text>
            )}
          </SideCard>
          <SideCard title="Owners">
            <OwnerLinks owners={job.owners} />
          </SideCard>
          <SideCard title="Properties">
            <CustomProperties properties={job.custom_properties} />
          </SideCard>
        </>
      }
    />
  );
}

import { Skeleton, Table, Tag } from 'antd';
import { Link, useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { ExternalLink } from '@/components/ExternalLink';
import { jobPath } from '@/lib/routes';
import type { PipelineJob } from '@/types/entities';

import { useGetPipelineQuery } from '../api/get-pipeline';
import { CustomProperties } from './CustomProperties';
import { DatasetRefLinks } from './DatasetRefLinks';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityTabs } from './EntityTabs';
import { OwnerLinks } from './OwnerLinks';
import { RunSummary } from './RunsTable';
import { SideCard } from './SideCard';

/** `/pipeline/:urn`: a pipeline (an Airflow DAG, a Spark app…), its tasks and what each reads
 * and writes. */
export default function PipelinePage() {
  const { urn = '' } = useParams();
  const { currentData: pipeline, error, refetch } = useGetPipelineQuery(urn);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!pipeline) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="dataFlow"
          name={pipeline.name}
          technicalName={pipeline.flow_id}
          urn={pipeline.urn}
          description={pipeline.description}
          badges={
            <>
              <Tag>{pipeline.orchestrator}</Tag>
              {pipeline.cluster && <Tag>{pipeline.cluster}</Tag>}
            </>
          }
          actions={<ExternalLink url={pipeline.url} label={`Open in ${pipeline.orchestrator}`} />}
        />
      }
      main={
        <EntityTabs
          items={[
            {
              key: 'tasks',
              label: `Tasks (${pipeline.jobs.length})`,
              children: <JobsTable jobs={pipeline.jobs} />,
            },
            { key: 'history', label: 'History', children: <EntityHistory urn={pipeline.urn} /> },
          ]}
        />
      }
      side={
        <>
          <SideCard title="Last run">
            <RunSummary run={pipeline.last_run} />
          </SideCard>
          <SideCard title="Owners">
            <OwnerLinks owners={pipeline.owners} />
          </SideCard>
          <SideCard title="Properties">
            <CustomProperties properties={pipeline.custom_properties} />
          </SideCard>
        </>
      }
    />
  );
}

function JobsTable({ jobs }: { jobs: PipelineJob[] }) {
  return (
    <Table<PipelineJob>
      className="pipeline-jobs"
      data-testid="pipeline-jobs"
      rowKey="urn"
      size="small"
      dataSource={jobs}
      pagination={jobs.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 720 }}
      locale={{ emptyText: 'No tasks reported.' }}
      columns={[
        {
          title: 'Task',
          dataIndex: 'name',
          render: (name: string, row) => <Link to={jobPath(row.urn)}>{name}</Link>,
        },
        { title: 'Type', dataIndex: 'type', width: 140 },
        {
          title: 'Reads',
          render: (_: unknown, row) => <DatasetRefLinks datasets={row.inputs} />,
        },
        {
          title: 'Writes',
          render: (_: unknown, row) => <DatasetRefLinks datasets={row.outputs} />,
        },
      ]}
    />
  );
}

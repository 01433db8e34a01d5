import { Skeleton, Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { datasetPath } from '@/lib/routes';
import type { DatasetDetail } from '@/types/api';

import { useGetDatasetQuery } from '../api/get-dataset';
import { useCurrentUserCanEdit } from '../hooks';
import { DATASET_TABS } from '../tabs';
import { ComplianceTab } from './ComplianceTab';
import { DatasetHeader } from './DatasetHeader';
import { DocsTab } from './DocsTab';
import { SchemaBreakAlert } from './SchemaBreakAlert';
import { HistoryTab } from './HistoryTab';
import { LeaveGuard } from './LeaveGuard';
import { OwnershipTab } from './OwnershipTab';
import { PropertiesTab } from './PropertiesTab';
import { SchemaTab } from './SchemaTab';
import { StatusTab } from './StatusTab';

interface Props {
  urn: string;
  tab?: string;
  /** The Lineage and Impact tabs' content: the app plugs in the lineage feature. */
  renderLineage: (dataset: DatasetDetail, canEdit: boolean) => ReactNode;
  renderImpact: (urn: string) => ReactNode;
}

export function DatasetPage({ urn, tab, renderLineage, renderImpact }: Props) {
  const navigate = useNavigate();
  const { data: dataset, error, isLoading, refetch } = useGetDatasetQuery(urn);
  const canEdit = useCurrentUserCanEdit(dataset);
  const active = DATASET_TABS.find((name) => name === tab) ?? 'schema';

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (isLoading || !dataset) return <Skeleton active paragraph={{ rows: 12 }} />;

  const undocumented = dataset.schema.filter(
    (field) => !(field.editable_description || field.description),
  ).length;
  const pii = dataset.schema.filter(
    (field) => field.classification && field.classification !== 'NOT_PII',
  ).length;

  const items = [
    {
      key: 'schema',
      label: `Schema (${dataset.schema.length})`,
      children: <SchemaTab dataset={dataset} canEdit={canEdit} />,
    },
    { key: 'docs', label: 'Docs', children: <DocsTab dataset={dataset} canEdit={canEdit} /> },
    {
      key: 'ownership',
      label: `Ownership (${dataset.owners.length})`,
      children: <OwnershipTab dataset={dataset} canEdit={canEdit} />,
    },
    {
      key: 'lineage',
      label: `Lineage (${dataset.upstreams.length}↑ ${dataset.downstreams.length}↓)`,
      children: renderLineage(dataset, canEdit),
    },
    { key: 'impact', label: 'Impact', children: renderImpact(dataset.urn) },
    { key: 'properties', label: 'Properties', children: <PropertiesTab dataset={dataset} /> },
    {
      key: 'compliance',
      label: `Compliance${pii ? ` (${pii} PII)` : ''}`,
      children: <ComplianceTab dataset={dataset} />,
    },
    {
      key: 'status',
      label: 'Status',
      children: <StatusTab dataset={dataset} canEdit={canEdit} undocumented={undocumented} />,
    },
    { key: 'history', label: 'History', children: <HistoryTab urn={dataset.urn} /> },
  ];

  return (
    <div className="dataset-page">
      <LeaveGuard urn={dataset.urn} />
      <DatasetHeader dataset={dataset} canEdit={canEdit} />
      {dataset.schema_break && <SchemaBreakAlert urn={dataset.urn} found={dataset.schema_break} />}
      <Tabs
        activeKey={active}
        items={items}
        destroyOnHidden
        onChange={(key) =>
          void navigate(datasetPath(dataset.urn, key === 'schema' ? undefined : key), {
            replace: true,
          })
        }
      />
    </div>
  );
}

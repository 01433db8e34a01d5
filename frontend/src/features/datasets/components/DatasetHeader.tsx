import { ContainerOutlined, CopyOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { PlatformBadge } from '@/components/PlatformBadge';
import { TagList } from '@/components/TagList';
import { browsePath, containerPath, domainPath } from '@/lib/routes';
import type { DatasetDetail } from '@/types/api';
import { present } from '@/lib/present';

import { loadDraft } from '../drafts';
import { DatasetLabelsEditor } from './DatasetLabelsEditor';
import { DatasetUsage } from './DatasetUsage';
import { HealthBadge } from './HealthBadge';

export function DatasetHeader({ dataset, canEdit }: { dataset: DatasetDetail; canEdit: boolean }) {
  // Labels left with an unsaved draft (a reload, a re-login) reopen the dialog on it.
  const [editing, setEditing] = useState(
    () => canEdit && loadDraft(dataset.urn, 'labels') !== null,
  );
  const segments = dataset.browse_path.split('/').filter(Boolean);
  const crumbs = [
    { title: <Link to="/browse">Datasets</Link> },
    ...segments.map((segment, index) => ({
      title: <Link to={browsePath(segments.slice(0, index + 1).join('/'))}>{segment}</Link>,
    })),
  ];
  const containers = dataset.container_path.filter(present);
  return (
    <header className="dataset-header">
      <Breadcrumb items={crumbs} className="page-breadcrumb" />
      <div className="dataset-title-row">
        <div className="dataset-title">
          <Space size={4} wrap>
            <PlatformBadge name={dataset.platform.name} label={dataset.platform.display_name} />
            <Tag>{dataset.origin}</Tag>
            <Tag color={dataset.status === 'active' ? 'green' : 'red'} data-testid="dataset-status">
              {dataset.status}
            </Tag>
          </Space>
          <Typography.Title level={3} className="dataset-name">
            {dataset.display_name || dataset.name}
          </Typography.Title>
          {dataset.display_name && dataset.display_name !== dataset.name && (
            <Typography.Text className="dataset-technical-name" code>
              {dataset.name}
            </Typography.Text>
          )}
          <Typography.Text type="secondary" className="dataset-urn">
            {dataset.urn}{' '}
            <Tooltip title="Copy URN">
              <Button
                type="text"
                size="small"
                aria-label="Copy URN"
                icon={<CopyOutlined />}
                onClick={() => void navigator.clipboard?.writeText(dataset.urn)}
              />
            </Tooltip>
          </Typography.Text>
          {containers.length > 0 && (
            <nav className="dataset-container-path" aria-label="Container">
              <Breadcrumb
                items={containers.map((container) => ({
                  key: container.urn,
                  title: (
                    <Link to={containerPath(container.urn)} title={container.sub_type}>
                      <ContainerOutlined /> {container.name}
                    </Link>
                  ),
                }))}
              />
            </nav>
          )}
        </div>
        <HealthBadge health={dataset.health} />
      </div>
      {dataset.status === 'deprecated' && (
        <Alert
          type="warning"
          showIcon
          title="Deprecated"
          description={dataset.deprecation_note || 'This dataset is deprecated.'}
          className="dataset-deprecation"
        />
      )}
      {dataset.description && (
        <Typography.Paragraph className="dataset-description">
          {dataset.description}
        </Typography.Paragraph>
      )}
      <div className="dataset-labels">
        <TagList tags={dataset.tags.map((tag) => tag.name)} />
        <TagList tags={dataset.glossary_terms.map((term) => term.name)} kind="term" />
        {dataset.domain && (
          <Link to={domainPath(dataset.domain)} className="tag-link">
            <Tag color="geekblue">Domain: {dataset.domain}</Tag>
          </Link>
        )}
        {canEdit && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            Edit tags, terms, domain
          </Button>
        )}
      </div>
      <DatasetUsage urn={dataset.urn} jobs={dataset.jobs} dashboards={dataset.dashboards} />
      {editing && <DatasetLabelsEditor dataset={dataset} onClose={() => setEditing(false)} />}
    </header>
  );
}

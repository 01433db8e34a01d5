import { Breadcrumb, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';

import { EntityTypeIcon } from '@/components/EntityTypeIcon';
import { entityLabel } from '@/lib/entity-types';

interface Props {
  /** The entity type (`tag`, `glossaryTerm`, …): its icon and label. */
  type: string;
  /** What the type is called on this page when it says more than the type's label
   * (a container's sub type, a task's type). */
  typeLabel?: string;
  name: string;
  /** The name the source uses, shown when the display name differs from it. */
  technicalName?: string;
  urn?: string;
  description?: ReactNode;
  breadcrumb?: { key: string; title: ReactNode }[];
  /** Badges beside the type (platform, orchestrator, colour swatch…). */
  badges?: ReactNode;
  /** Right of the title: links out. */
  actions?: ReactNode;
}

/** The top of every entity page: where it sits, what it is, its name and what it is for. */
export function EntityHeader({
  type,
  typeLabel,
  name,
  technicalName,
  urn,
  description,
  breadcrumb,
  badges,
  actions,
}: Props) {
  return (
    <header className="entity-header">
      {breadcrumb && breadcrumb.length > 0 && (
        <Breadcrumb items={breadcrumb} className="page-breadcrumb" />
      )}
      <div className="entity-title-row">
        <div className="entity-title">
          <Space size={4} wrap>
            <Tag icon={<EntityTypeIcon type={type} />} className="entity-type" color="blue">
              {typeLabel || entityLabel(type)}
            </Tag>
            {badges}
          </Space>
          <Typography.Title level={3} className="entity-name">
            {name}
          </Typography.Title>
          {technicalName && technicalName !== name && (
            <Typography.Text code className="entity-technical-name">
              {technicalName}
            </Typography.Text>
          )}
          {urn && (
            <Typography.Text type="secondary" className="entity-urn" copyable={{ text: urn }}>
              {urn}
            </Typography.Text>
          )}
        </div>
        {actions && <div className="entity-actions">{actions}</div>}
      </div>
      {description ? (
        <Typography.Paragraph className="entity-description">{description}</Typography.Paragraph>
      ) : (
        description !== undefined && (
          <Typography.Paragraph type="secondary" italic className="entity-description">
            No description
          </Typography.Paragraph>
        )
      )}
    </header>
  );
}

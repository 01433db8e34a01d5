import { Descriptions, Empty, Typography } from 'antd';

import { urnName } from '@/lib/routes';
import type { DatasetDetail } from '@/types/api';

const when = (iso: string) => new Date(iso).toLocaleString();

export function PropertiesTab({ dataset }: { dataset: DatasetDetail }) {
  const custom = Object.entries(dataset.custom_properties);
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
          { key: 'domain', label: 'Domain', children: dataset.domain ?? '—' },
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

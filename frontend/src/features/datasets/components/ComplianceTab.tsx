import { Empty, Table, Typography } from 'antd';

import type { DatasetDetail, SchemaField } from '@/types/api';

import { readablePath } from '../schema-tree';
import { ClassificationTag } from './SchemaTab';

export function ComplianceTab({ dataset }: { dataset: DatasetDetail }) {
  const classified = dataset.schema.filter((field) => field.classification);
  const unclassified = dataset.schema.length - classified.length;
  return (
    <div className="compliance-tab">
      <Typography.Paragraph type="secondary">
        {classified.length} of {dataset.schema.length} fields classified
        {unclassified ? `; ${unclassified} not yet reviewed` : ''}. Edit a field's classification in
        the Schema tab.
      </Typography.Paragraph>
      {classified.length ? (
        <Table<SchemaField>
          size="small"
          rowKey="field_path"
          pagination={false}
          dataSource={classified}
          columns={[
            {
              title: 'Field',
              dataIndex: 'field_path',
              render: (path: string) => readablePath(path) || path,
            },
            { title: 'Type', dataIndex: 'native_type' },
            {
              title: 'Classification',
              dataIndex: 'classification',
              render: (value: SchemaField['classification']) => <ClassificationTag value={value} />,
            },
          ]}
        />
      ) : (
        <Empty description="No field is classified yet." />
      )}
    </div>
  );
}

import { EditOutlined, KeyOutlined } from '@ant-design/icons';
import { Button, Input, Segmented, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

import { TagList } from '@/components/TagList';
import { CLASSIFICATIONS, type DatasetDetail, type SchemaField } from '@/types/api';

import { loadDraft } from '../drafts';
import { buildSchemaTree, filterSchemaTree, readablePath, type SchemaNode } from '../schema-tree';
import { FieldEditor } from './FieldEditor';

export function ClassificationTag({ value }: { value: SchemaField['classification'] }) {
  if (!value) return null;
  return (
    <Tag color={value === 'NOT_PII' ? 'default' : 'volcano'} className="pii-tag">
      {value === 'NOT_PII' ? 'Not PII' : `PII: ${CLASSIFICATIONS[value]}`}
    </Tag>
  );
}

export function SchemaTab({ dataset, canEdit }: { dataset: DatasetDetail; canEdit: boolean }) {
  const [view, setView] = useState<'table' | 'json'>('table');
  // A link to one field (from a tag's or term's page) opens the tab filtered to it.
  const [params] = useSearchParams();
  const [filter, setFilter] = useState(() => readablePath(params.get('field') ?? ''));
  // A field left with an unsaved draft (a tab switch, a reload, a re-login) reopens on it.
  const [editing, setEditing] = useState<SchemaField | null>(() =>
    canEdit
      ? (dataset.schema.find((field) => loadDraft(dataset.urn, `field:${field.field_path}`)) ??
        null)
      : null,
  );
  const tree = useMemo(() => buildSchemaTree(dataset.schema), [dataset.schema]);
  const shown = useMemo(() => filterSchemaTree(tree, filter), [tree, filter]);

  if (!dataset.schema.length) {
    return (
      <Typography.Paragraph type="secondary">
        No schema was ingested for this dataset.
      </Typography.Paragraph>
    );
  }

  return (
    <div className="schema-tab">
      <div className="tab-toolbar">
        <Input.Search
          placeholder="Filter fields"
          allowClear
          defaultValue={filter}
          aria-label="Filter fields"
          onChange={(event) => setFilter(event.target.value)}
          style={{ maxWidth: 320 }}
        />
        <Segmented
          value={view}
          onChange={(value) => setView(value === 'json' ? 'json' : 'table')}
          options={[
            { value: 'table', label: 'Table' },
            { value: 'json', label: 'View as JSON' },
          ]}
        />
      </div>
      {view === 'json' ? (
        <pre className="schema-json" data-testid="schema-json">
          {JSON.stringify(dataset.schema, null, 2)}
        </pre>
      ) : (
        <Table<SchemaNode>
          size="small"
          rowKey="key"
          dataSource={shown}
          pagination={false}
          scroll={{ x: 900 }}
          expandable={{ defaultExpandAllRows: true }}
          key={filter ? 'filtered' : 'all'}
          columns={[
            {
              title: 'Field',
              dataIndex: 'name',
              width: 260,
              render: (name: string, node) => (
                <span className="field-name">
                  <Tooltip title={node.field.field_path}>
                    <Typography.Text strong={node.field.is_key}>{name}</Typography.Text>
                  </Tooltip>
                  {node.field.is_key && (
                    <Tooltip title="Key">
                      <KeyOutlined className="field-key" />
                    </Tooltip>
                  )}
                  {node.field.is_partition && <Tag color="purple">partition</Tag>}
                </span>
              ),
            },
            {
              title: 'Type',
              width: 150,
              render: (_: unknown, node) => (
                <span>
                  <Tag>{node.field.type}</Tag>
                  <Typography.Text type="secondary" code>
                    {node.field.native_type}
                  </Typography.Text>
                  {!node.field.nullable && (
                    <Typography.Text type="secondary"> not null</Typography.Text>
                  )}
                </span>
              ),
            },
            {
              title: 'Description',
              render: (_: unknown, node) => {
                const text = node.field.editable_description || node.field.description;
                return text ? (
                  <span>
                    {text}
                    {node.field.editable_description && (
                      <Tag className="edited-tag" bordered={false}>
                        edited
                      </Tag>
                    )}
                  </span>
                ) : (
                  <Typography.Text type="secondary" italic>
                    No description
                  </Typography.Text>
                );
              },
            },
            {
              title: 'Tags & terms',
              width: 220,
              render: (_: unknown, node) => (
                <>
                  <TagList tags={[...new Set([...node.field.tags, ...node.field.editable_tags])]} />
                  <TagList
                    kind="term"
                    tags={[
                      ...new Set([
                        ...node.field.glossary_terms,
                        ...node.field.editable_glossary_terms,
                      ]),
                    ]}
                  />
                </>
              ),
            },
            {
              title: 'Classification',
              width: 170,
              render: (_: unknown, node) => <ClassificationTag value={node.field.classification} />,
            },
            ...(canEdit
              ? [
                  {
                    title: '',
                    width: 56,
                    render: (_: unknown, node: SchemaNode) => (
                      <Button
                        type="text"
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={`Edit ${node.path}`}
                        onClick={() => setEditing(node.field)}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {editing && (
        <FieldEditor
          urn={dataset.urn}
          version={dataset.version}
          field={editing}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}

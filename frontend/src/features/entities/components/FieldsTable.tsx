import { Empty, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { TagList } from '@/components/TagList';
import { readablePath } from '@/lib/field-path';
import { datasetFieldPath, datasetPath } from '@/lib/routes';
import type { FieldRef } from '@/types/entities';

import { type FieldFilter, useListSchemaFieldsQuery } from '../api/list-schema-fields';

const PAGE_SIZE = 20;

/** The schema fields a tag or term is on, each a link to its dataset's schema tab. */
export function FieldsTable({ filter, empty }: { filter: FieldFilter; empty: string }) {
  const key = JSON.stringify(filter);
  const [paging, setPaging] = useState({ key, page: 1 });
  const page = paging.key === key ? paging.page : 1;
  const { currentData, error, isFetching, refetch } = useListSchemaFieldsQuery({
    filter,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (currentData && currentData.count === 0) return <Empty description={empty} />;
  return (
    <div className="entity-list">
      {currentData && (
        <Typography.Text type="secondary" className="entity-list-count">
          {currentData.count.toLocaleString()} {currentData.count === 1 ? 'field' : 'fields'}
        </Typography.Text>
      )}
      <Table<FieldRef>
        className="entity-fields"
        data-testid="entity-fields"
        rowKey={(row) => `${row.dataset.urn}|${row.field_path}`}
        size="small"
        loading={isFetching}
        dataSource={currentData?.results ?? []}
        scroll={{ x: 720 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: currentData?.count ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: (next) => setPaging({ key, page: next }),
        }}
        columns={[
          {
            title: 'Field',
            dataIndex: 'field_path',
            render: (path: string, row) => (
              <Link to={datasetFieldPath(row.dataset.urn, path)} className="field-link">
                <code>{readablePath(path) || path}</code>
              </Link>
            ),
          },
          {
            title: 'Dataset',
            render: (_: unknown, row) => (
              <Link to={datasetPath(row.dataset.urn)}>
                {row.dataset.display_name || row.dataset.name}
              </Link>
            ),
          },
          {
            title: 'Type',
            width: 160,
            render: (_: unknown, row) => (
              <span>
                <Tag>{row.type}</Tag>
                {row.native_type && (
                  <Typography.Text type="secondary" code>
                    {row.native_type}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: 'Description',
            dataIndex: 'description',
            render: (text: string) =>
              text ? (
                <Typography.Paragraph ellipsis={{ rows: 2 }} className="cell-paragraph">
                  {text}
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary" italic>
                  No description
                </Typography.Text>
              ),
          },
          {
            title: 'Tags & terms',
            width: 220,
            render: (_: unknown, row) => (
              <>
                <TagList tags={row.tags} />
                <TagList tags={row.glossary_terms} kind="term" />
              </>
            ),
          },
        ]}
      />
    </div>
  );
}

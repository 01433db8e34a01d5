import { Empty, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { PlatformBadge } from '@/components/PlatformBadge';
import { TagList } from '@/components/TagList';
import { datasetPath } from '@/lib/routes';
import type { DatasetSummary } from '@/types/api';

import { type DatasetFilter, useListDatasetsByQuery } from '../api/list-datasets';

const PAGE_SIZE = 20;

/** The datasets an entity page lists (with this tag, owned by them, in this container…), a
 * page at a time; another filter starts again at page 1. */
export function DatasetsTable({
  filter,
  empty,
  caption,
}: {
  filter: DatasetFilter;
  empty: string;
  /** Says what the list is, after its count ("12 datasets owned by Ann or her groups"). */
  caption?: string;
}) {
  const key = JSON.stringify(filter);
  const [paging, setPaging] = useState({ key, page: 1 });
  const page = paging.key === key ? paging.page : 1;
  const { currentData, error, isFetching, refetch } = useListDatasetsByQuery({
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
          {currentData.count.toLocaleString()} {currentData.count === 1 ? 'dataset' : 'datasets'}
          {caption ? ` ${caption}` : ''}
        </Typography.Text>
      )}
      <Table<DatasetSummary>
        className="entity-datasets"
        data-testid="entity-datasets"
        rowKey="urn"
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
            title: 'Dataset',
            dataIndex: 'name',
            render: (name: string, row) => (
              <Link to={datasetPath(row.urn)}>{row.display_name || name}</Link>
            ),
          },
          {
            title: 'Platform',
            width: 130,
            render: (_: unknown, row) => (
              <PlatformBadge name={row.platform.name} label={row.platform.display_name} />
            ),
          },
          { title: 'Env', dataIndex: 'origin', width: 80 },
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
            title: 'Tags',
            dataIndex: 'tags',
            width: 220,
            render: (tags: string[]) => <TagList tags={tags} />,
          },
        ]}
      />
    </div>
  );
}

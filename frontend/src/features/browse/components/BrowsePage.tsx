import { FolderOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Empty, List, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { PlatformBadge } from '@/components/PlatformBadge';
import { TagList } from '@/components/TagList';
import { browsePath, datasetPath } from '@/lib/routes';
import type { DatasetSummary } from '@/types/api';

import { useBrowseQuery } from '../api/browse';

const PAGE = 20;

export default function BrowsePage() {
  const splat = useParams()['*'] ?? '';
  const segments = splat.split('/').filter(Boolean);
  const path = `/${segments.join('/')}`;
  const [pageByPath, setPageByPath] = useState<Record<string, number>>({});
  const page = pageByPath[path] ?? 1;
  const { data, error, isLoading, isFetching, refetch } = useBrowseQuery({
    path,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  });

  const crumbs = [
    { title: <Link to="/browse">Datasets</Link> },
    ...segments.map((segment, index) => ({
      title:
        index === segments.length - 1 ? (
          segment
        ) : (
          <Link to={browsePath(segments.slice(0, index + 1).join('/'))}>{segment}</Link>
        ),
    })),
  ];

  return (
    <div className="browse-page">
      <Breadcrumb items={crumbs} className="page-breadcrumb" />
      <Typography.Title level={3}>{segments.at(-1) ?? 'Browse datasets'}</Typography.Title>
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : isLoading || !data ? (
        <Skeleton active />
      ) : (
        <>
          {data.groups.length > 0 && (
            <Card size="small" title="Folders" className="browse-groups">
              <List
                dataSource={data.groups}
                renderItem={(group) => (
                  <List.Item
                    extra={<Tag>{group.count.toLocaleString()}</Tag>}
                    data-testid="browse-group"
                  >
                    <Link to={browsePath(group.path)}>
                      <FolderOutlined /> {group.name}
                    </Link>
                  </List.Item>
                )}
              />
            </Card>
          )}
          {data.datasets.count > 0 ? (
            <Table<DatasetSummary>
              className="browse-datasets"
              rowKey="urn"
              size="small"
              loading={isFetching}
              dataSource={data.datasets.results}
              scroll={{ x: 640 }}
              pagination={{
                current: page,
                pageSize: PAGE,
                total: data.datasets.count,
                showSizeChanger: false,
                onChange: (next) => setPageByPath({ ...pageByPath, [path]: next }),
              }}
              columns={[
                {
                  title: 'Dataset',
                  dataIndex: 'name',
                  render: (name: string, row) => <Link to={datasetPath(row.urn)}>{name}</Link>,
                },
                {
                  title: 'Platform',
                  dataIndex: ['platform', 'name'],
                  width: 130,
                  render: (_: unknown, row) => (
                    <PlatformBadge name={row.platform.name} label={row.platform.display_name} />
                  ),
                },
                { title: 'Env', dataIndex: 'origin', width: 80 },
                {
                  title: 'Tags',
                  dataIndex: 'tags',
                  render: (tags: string[]) => <TagList tags={tags} />,
                },
              ]}
            />
          ) : (
            data.groups.length === 0 && <Empty description="Nothing at this path." />
          )}
        </>
      )}
    </div>
  );
}

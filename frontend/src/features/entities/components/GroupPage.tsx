import { MailOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Empty, Skeleton } from 'antd';
import { Link, useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { personPath } from '@/lib/routes';

import { useGetGroupQuery } from '../api/get-group';
import { DatasetsTable } from './DatasetsTable';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityRefLinks } from './EntityRefLinks';
import { EntityTabs } from './EntityTabs';
import { LinkList } from './LinkList';
import { SideCard } from './SideCard';

/** `/group/:name`: a team, its members and what it owns. */
export default function GroupPage() {
  const { name = '' } = useParams();
  const { currentData: group, error, refetch } = useGetGroupQuery(name);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!group) return <Skeleton active paragraph={{ rows: 10 }} />;
  const title = group.display_name || group.name;
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="corpGroup"
          name={title}
          technicalName={group.name}
          urn={group.urn}
          description={group.description}
        />
      }
      main={
        <EntityTabs
          items={[
            {
              key: 'members',
              label: `Members (${group.members.length})`,
              children: group.members.length ? (
                <LinkList
                  label="Members"
                  items={group.members.map((member) => ({
                    key: member.urn,
                    icon: <Avatar size="small" icon={<UserOutlined />} />,
                    title: (
                      <Link to={personPath(member.username)}>
                        {member.display_name || member.username}
                      </Link>
                    ),
                    description: member.username,
                  }))}
                />
              ) : (
                <Empty description="No members." />
              ),
            },
            {
              key: 'datasets',
              label: `Owned datasets (${group.dataset_count.toLocaleString()})`,
              children: (
                <DatasetsTable
                  filter={{ owner: [group.urn] }}
                  caption={`owned by ${title}`}
                  empty={`${title} owns no datasets.`}
                />
              ),
            },
            {
              key: 'owned',
              label: `Other owned (${group.other.length})`,
              children: (
                <EntityRefLinks
                  refs={group.other}
                  empty="No glossary terms, pipelines, dashboards or containers."
                />
              ),
            },
            { key: 'history', label: 'History', children: <EntityHistory urn={group.urn} /> },
          ]}
        />
      }
      side={
        group.email ? (
          <SideCard title="Contact">
            <a href={`mailto:${group.email}`}>
              <MailOutlined /> {group.email}
            </a>
          </SideCard>
        ) : undefined
      }
    />
  );
}

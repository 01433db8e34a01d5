import { MailOutlined } from '@ant-design/icons';
import { Descriptions, Skeleton, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { groupPath } from '@/lib/routes';

import { useGetPersonQuery } from '../api/get-person';
import { DatasetsTable } from './DatasetsTable';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityRefLinks } from './EntityRefLinks';
import { EntityTabs } from './EntityTabs';
import { SideCard } from './SideCard';

/** `/person/:username`: who someone is, their groups, and what they and their groups own. */
export default function PersonPage() {
  const { username = '' } = useParams();
  const { currentData: person, error, refetch } = useGetPersonQuery(username);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!person) return <Skeleton active paragraph={{ rows: 10 }} />;
  const name = person.display_name || person.username;
  const owners = [person.urn, ...person.groups.map((group) => group.urn)];
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="corpuser"
          name={name}
          technicalName={person.username}
          urn={person.urn}
          badges={person.title ? <Tag>{person.title}</Tag> : undefined}
        />
      }
      main={
        <EntityTabs
          items={[
            {
              key: 'datasets',
              label: `Owned datasets (${(person.owned.datasets + person.owned.via_groups).toLocaleString()})`,
              children: (
                <DatasetsTable
                  filter={{ owner: owners }}
                  caption={
                    person.groups.length ? `owned by ${name} or their groups` : `owned by ${name}`
                  }
                  empty={`${name} owns no datasets${person.groups.length ? ', nor do their groups' : ''}.`}
                />
              ),
            },
            {
              key: 'owned',
              label: `Other owned (${person.owned.other.length})`,
              children: (
                <EntityRefLinks
                  refs={person.owned.other}
                  empty="No glossary terms, pipelines, dashboards or containers."
                />
              ),
            },
            { key: 'history', label: 'History', children: <EntityHistory urn={person.urn} /> },
          ]}
        />
      }
      side={
        <>
          <SideCard title="Profile">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'name', label: 'Name', children: name },
                { key: 'title', label: 'Title', children: person.title || '—' },
                {
                  key: 'email',
                  label: 'Email',
                  children: person.email ? (
                    <a href={`mailto:${person.email}`}>
                      <MailOutlined /> {person.email}
                    </a>
                  ) : (
                    '—'
                  ),
                },
              ]}
            />
          </SideCard>
          <SideCard title="Groups">
            {person.groups.length ? (
              <ul className="plain-links">
                {person.groups.map((group) => (
                  <li key={group.urn}>
                    <Link to={groupPath(group.name)}>{group.display_name || group.name}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <Typography.Text type="secondary">In no group</Typography.Text>
            )}
          </SideCard>
        </>
      }
    />
  );
}

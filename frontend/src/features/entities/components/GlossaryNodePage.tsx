import { Skeleton } from 'antd';
import { useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';

import { useGetGlossaryNodeQuery } from '../api/get-glossary-node';
import { EntityHeader } from './EntityHeader';
import { EntityHistory } from './EntityHistory';
import { EntityLayout } from './EntityLayout';
import { EntityTabs } from './EntityTabs';
import { GlossaryContents } from './GlossaryContents';
import { glossaryCrumbs } from './glossary-crumbs';
import { OwnerLinks } from './OwnerLinks';
import { SideCard } from './SideCard';

/** `/glossary-node/:name`: a term group, its child groups and terms. */
export default function GlossaryNodePage() {
  const { name = '' } = useParams();
  const { currentData: node, error, refetch } = useGetGlossaryNodeQuery(name);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!node) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <EntityLayout
      header={
        <EntityHeader
          type="glossaryNode"
          name={node.display_name || node.name}
          technicalName={node.name}
          urn={node.urn}
          breadcrumb={glossaryCrumbs(node.path, node.display_name || node.name)}
          description={node.description}
        />
      }
      main={
        <EntityTabs
          items={[
            {
              key: 'contents',
              label: `Contents (${node.children.length + node.terms.length})`,
              children: <GlossaryContents nodes={node.children} terms={node.terms} />,
            },
            { key: 'history', label: 'History', children: <EntityHistory urn={node.urn} /> },
          ]}
        />
      }
      side={
        <SideCard title="Owners">
          <OwnerLinks owners={node.owners} />
        </SideCard>
      }
    />
  );
}

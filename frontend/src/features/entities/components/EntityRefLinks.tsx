import { Typography } from 'antd';
import { Link } from 'react-router';

import { EntityTypeIcon } from '@/components/EntityTypeIcon';
import { entityLabel } from '@/lib/entity-types';
import { entityRefPath } from '@/lib/routes';
import type { EntityRef } from '@/types/entities';

import { LinkList } from './LinkList';

/** Entities of any type (what someone owns besides datasets), each a link to its page. */
export function EntityRefLinks({ refs, empty }: { refs: EntityRef[]; empty: string }) {
  if (!refs.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <LinkList
      items={refs.map((ref) => {
        const path = entityRefPath(ref);
        return {
          key: ref.urn,
          icon: <EntityTypeIcon type={ref.type} />,
          title: path ? <Link to={path}>{ref.name}</Link> : ref.name,
          extra: <Typography.Text type="secondary">{entityLabel(ref.type)}</Typography.Text>,
        };
      })}
    />
  );
}

import { BookOutlined, FolderOutlined } from '@ant-design/icons';
import { Empty, Typography } from 'antd';
import { Link } from 'react-router';

import { glossaryNodePath, termPath } from '@/lib/routes';
import type { GlossaryNodeSummary, GlossaryTermSummary } from '@/types/entities';

import { LinkList } from './LinkList';

const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** A level of the glossary: its term groups first, then its terms, each a link. */
export function GlossaryContents({
  nodes,
  terms,
}: {
  nodes: GlossaryNodeSummary[];
  terms: GlossaryTermSummary[];
}) {
  if (!nodes.length && !terms.length) return <Empty description="Nothing in here yet." />;
  return (
    <div className="glossary-contents">
      {nodes.length > 0 && (
        <section aria-labelledby="glossary-nodes">
          <Typography.Title level={5} id="glossary-nodes">
            Term groups
          </Typography.Title>
          <LinkList
            items={nodes.map((node) => ({
              key: node.name,
              icon: <FolderOutlined />,
              title: <Link to={glossaryNodePath(node.name)}>{node.display_name || node.name}</Link>,
              description: node.description || undefined,
              extra: (
                <Typography.Text type="secondary">
                  {plural(node.term_count, 'term', 'terms')}
                  {node.child_count > 0 && ` · ${plural(node.child_count, 'group', 'groups')}`}
                </Typography.Text>
              ),
            }))}
          />
        </section>
      )}
      {terms.length > 0 && (
        <section aria-labelledby="glossary-terms">
          <Typography.Title level={5} id="glossary-terms">
            Terms
          </Typography.Title>
          <LinkList
            items={terms.map((term) => ({
              key: term.name,
              icon: <BookOutlined />,
              title: <Link to={termPath(term.name)}>{term.display_name || term.name}</Link>,
              description: term.description || undefined,
              extra: (
                <Typography.Text type="secondary">
                  {plural(term.dataset_count, 'dataset', 'datasets')}
                </Typography.Text>
              ),
            }))}
          />
        </section>
      )}
    </div>
  );
}

import { BookOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { Link } from 'react-router';

import { tagPath, termPath } from '@/lib/routes';

const COLORS = ['blue', 'green', 'purple', 'orange', 'cyan', 'magenta', 'gold', 'geekblue'];

const colorOf = (name: string): string => {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return COLORS[Math.abs(hash) % COLORS.length] ?? 'blue';
};

/** Tags or glossary terms, each a link to its page. */
export function TagList({ tags, kind = 'tag' }: { tags: string[]; kind?: 'tag' | 'term' }) {
  if (!tags.length) return null;
  return (
    <span className="tag-list">
      {tags.map((tag) => (
        <Link key={tag} to={kind === 'tag' ? tagPath(tag) : termPath(tag)} className="tag-link">
          <Tag
            color={kind === 'tag' ? colorOf(tag) : undefined}
            icon={kind === 'term' ? <BookOutlined /> : undefined}
          >
            {tag}
          </Tag>
        </Link>
      ))}
    </span>
  );
}

import { BookOutlined } from '@ant-design/icons';
import { Tag } from 'antd';

const COLORS = ['blue', 'green', 'purple', 'orange', 'cyan', 'magenta', 'gold', 'geekblue'];

const colorOf = (name: string): string => {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return COLORS[Math.abs(hash) % COLORS.length] ?? 'blue';
};

export function TagList({ tags, kind = 'tag' }: { tags: string[]; kind?: 'tag' | 'term' }) {
  if (!tags.length) return null;
  return (
    <span className="tag-list">
      {tags.map((tag) => (
        <Tag
          key={tag}
          color={kind === 'tag' ? colorOf(tag) : undefined}
          icon={kind === 'term' ? <BookOutlined /> : undefined}
        >
          {tag}
        </Tag>
      ))}
    </span>
  );
}

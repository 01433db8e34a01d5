import { Typography } from 'antd';
import type { ReactNode } from 'react';

export interface LinkListItem {
  key: string;
  icon?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  /** On the right: a count, a type. */
  extra?: ReactNode;
}

/** A plain list of links with an icon, a line of description and a note on the right (antd's
 * List is deprecated in antd 6; its replacement, Listy, is a virtual list for long ones). */
export function LinkList({ items, label }: { items: LinkListItem[]; label?: string }) {
  return (
    <ul className="link-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className="link-list-item">
          {item.icon && <span className="link-list-icon">{item.icon}</span>}
          <div className="link-list-body">
            <div className="link-list-title">{item.title}</div>
            {item.description && (
              <Typography.Text type="secondary" className="link-list-description">
                {item.description}
              </Typography.Text>
            )}
          </div>
          {item.extra && <div className="link-list-extra">{item.extra}</div>}
        </li>
      ))}
    </ul>
  );
}

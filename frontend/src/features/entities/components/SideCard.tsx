import { Card } from 'antd';
import type { ReactNode } from 'react';

/** One block of the side column, titled; a region named by its title for screen readers. */
export function SideCard({ title, children }: { title: string; children: ReactNode }) {
  const id = `side-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <Card
      size="small"
      title={<span id={id}>{title}</span>}
      className="entity-side-card"
      role="region"
      aria-labelledby={id}
    >
      {children}
    </Card>
  );
}

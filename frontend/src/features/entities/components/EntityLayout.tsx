import type { ReactNode } from 'react';

/** Header on top, the page's lists in tabs, and a side column of facts (owners, properties),
 * which drops below the tabs on a narrow screen. */
export function EntityLayout({
  header,
  main,
  side,
}: {
  header: ReactNode;
  main: ReactNode;
  side?: ReactNode;
}) {
  return (
    <div className="entity-page">
      {header}
      <div className={side ? 'entity-body' : 'entity-body entity-body-single'}>
        <div className="entity-main">{main}</div>
        {side && <aside className="entity-side">{side}</aside>}
      </div>
    </div>
  );
}

import { Tabs, type TabsProps } from 'antd';
import { useSearchParams } from 'react-router';

type Items = NonNullable<TabsProps['items']>;

/** An entity page's tabs, the open one in the URL (`?tab=`), so a link or the back button
 * lands on it. The first tab is the default and leaves the URL clean. */
export function EntityTabs({ items }: { items: Items }) {
  const [params, setParams] = useSearchParams();
  const first = items[0]?.key;
  const wanted = params.get('tab');
  const active = items.some((item) => item.key === wanted) ? wanted! : first;
  return (
    <Tabs
      className="entity-tabs"
      activeKey={active}
      items={items}
      destroyOnHidden
      onChange={(key) => {
        const next = new URLSearchParams(params);
        if (key === first) next.delete('tab');
        else next.set('tab', key);
        setParams(next, { replace: true });
      }}
    />
  );
}

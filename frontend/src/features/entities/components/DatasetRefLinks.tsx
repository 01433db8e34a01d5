import { Typography } from 'antd';
import { Link } from 'react-router';

import { PlatformBadge } from '@/components/PlatformBadge';
import { datasetPath } from '@/lib/routes';
import type { DatasetLink } from '@/types/entities';

/** Datasets as a short list of links (a task's inputs, a chart's sources). One the catalog does
 * not hold (status "unknown") has no page: its name shows without a link. */
export function DatasetRefLinks({
  datasets,
  empty = '—',
}: {
  datasets: DatasetLink[];
  empty?: string;
}) {
  if (!datasets.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <ul className="dataset-ref-links">
      {datasets.map((dataset) => {
        const name = dataset.display_name || dataset.name;
        return (
          <li key={dataset.urn}>
            {dataset.platform && <PlatformBadge name={dataset.platform} />}
            {dataset.status === 'unknown' ? (
              <Typography.Text type="secondary" title="Not in the catalog">
                {name}
              </Typography.Text>
            ) : (
              <Link to={datasetPath(dataset.urn)}>{name}</Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}

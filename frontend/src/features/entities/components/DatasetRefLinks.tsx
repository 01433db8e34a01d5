import { Typography } from 'antd';
import { Link } from 'react-router';

import { PlatformBadge } from '@/components/PlatformBadge';
import { datasetPath } from '@/lib/routes';
import type { DatasetRef } from '@/types/entities';

/** Datasets as a short list of links (a task's inputs, a chart's sources). */
export function DatasetRefLinks({
  datasets,
  empty = '—',
}: {
  datasets: DatasetRef[];
  empty?: string;
}) {
  if (!datasets.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <ul className="dataset-ref-links">
      {datasets.map((dataset) => (
        <li key={dataset.urn}>
          <PlatformBadge name={dataset.platform.name} label={dataset.platform.display_name} />
          <Link to={datasetPath(dataset.urn)}>{dataset.display_name || dataset.name}</Link>
        </li>
      ))}
    </ul>
  );
}

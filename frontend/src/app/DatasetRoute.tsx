import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';

import { DatasetPage } from '@/features/datasets/components/DatasetPage';

// React Flow and dagre load only when someone opens the Lineage tab.
const LineageGraph = lazy(() => import('@/features/lineage/components/LineageGraph'));

/** The dataset page with the lineage graph plugged into its Lineage tab (features stay apart). */
export default function DatasetRoute() {
  const { urn = '', tab } = useParams();
  return (
    <DatasetPage
      urn={urn}
      tab={tab}
      renderLineage={(datasetUrn) => (
        <Suspense fallback={<Skeleton active />}>
          <LineageGraph rootUrn={datasetUrn} />
        </Suspense>
      )}
    />
  );
}

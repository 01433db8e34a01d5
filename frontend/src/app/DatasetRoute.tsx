import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { useSelector } from 'react-redux';
import { useParams } from 'react-router';

import { DatasetPage } from '@/features/datasets/components/DatasetPage';
import { ImpactTab } from '@/features/lineage/components/ImpactTab';

import type { RootState } from './store';

// React Flow and dagre load only when someone opens the Lineage tab.
const LineageGraph = lazy(() => import('@/features/lineage/components/LineageGraph'));

/** The dataset page with the lineage feature plugged into its Lineage and Impact tabs
 * (features stay apart). */
export default function DatasetRoute() {
  const { urn = '', tab } = useParams();
  const canEditAny = useSelector((state: RootState) => state.auth.user?.can_edit_any ?? false);
  return (
    <DatasetPage
      urn={urn}
      tab={tab}
      renderLineage={(dataset, canEdit) => (
        <Suspense fallback={<Skeleton active />}>
          <LineageGraph
            rootUrn={dataset.urn}
            canEdit={canEdit}
            canEditAny={canEditAny}
            version={dataset.version}
          />
        </Suspense>
      )}
      renderImpact={(datasetUrn) => <ImpactTab urn={datasetUrn} />}
    />
  );
}

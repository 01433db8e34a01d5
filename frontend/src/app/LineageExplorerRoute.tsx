import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { useSelector } from 'react-redux';
import { useParams } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { useGetDatasetQuery } from '@/features/datasets/api/get-dataset';
import { useCurrentUserCanEdit } from '@/features/datasets/hooks';

import type { RootState } from './store';

const LineageExplorerPage = lazy(() => import('@/features/lineage/components/LineageExplorerPage'));

/** /dataset/<urn>/lineage/explore: the full-screen explorer, with the dataset's edit rights. */
export default function LineageExplorerRoute() {
  const { urn = '' } = useParams();
  const { data: dataset, error, refetch } = useGetDatasetQuery(urn);
  const canEdit = useCurrentUserCanEdit(dataset);
  const canEditAny = useSelector((state: RootState) => state.auth.user?.can_edit_any ?? false);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!dataset) return <Skeleton active />;
  return (
    <Suspense fallback={<Skeleton active />}>
      <LineageExplorerPage
        rootUrn={dataset.urn}
        name={dataset.name}
        canEdit={canEdit}
        canEditAny={canEditAny}
        version={dataset.version}
      />
    </Suspense>
  );
}

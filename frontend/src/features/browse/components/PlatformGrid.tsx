import { Card, Skeleton, Statistic } from 'antd';
import { Link } from 'react-router';

import { ErrorState } from '@/components/ErrorState';
import { PlatformBadge } from '@/components/PlatformBadge';
import { browsePath } from '@/lib/routes';

import { useListPlatformsQuery } from '../api/list-platforms';

/** The platforms that hold datasets, each a door into the browse tree. */
export function PlatformGrid() {
  const { data, error, isLoading, refetch } = useListPlatformsQuery();
  if (isLoading) return <Skeleton active />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const platforms = (data ?? []).filter((platform) => platform.dataset_count > 0);
  return (
    <div className="platform-grid">
      {platforms.map((platform) => (
        <Link key={platform.name} to={browsePath(`/${platform.name}`)}>
          <Card hoverable size="small">
            <PlatformBadge name={platform.name} label={platform.display_name} />
            <Statistic value={platform.dataset_count} suffix="datasets" />
          </Card>
        </Link>
      ))}
    </div>
  );
}

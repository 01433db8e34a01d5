import { Typography } from 'antd';

import { PlatformGrid } from '@/features/browse/components/PlatformGrid';
import { SearchBox } from '@/features/search/components/SearchBox';

export default function HomePage() {
  return (
    <div className="home-page">
      <Typography.Title level={2}>Find a dataset</Typography.Title>
      <Typography.Paragraph type="secondary">
        Search by name, field, description, owner or tag — e.g.{' '}
        <Typography.Text code>customer platform:hive</Typography.Text> or{' '}
        <Typography.Text code>tag:PII owner:aberger</Typography.Text>.
      </Typography.Paragraph>
      <div className="home-search">
        <SearchBox size="large" autoFocus />
      </div>
      <Typography.Title level={4}>Platforms</Typography.Title>
      <PlatformGrid />
    </div>
  );
}

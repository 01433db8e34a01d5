import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { ReactFlowProvider } from '@xyflow/react';
import { Link } from 'react-router';

import { datasetPath } from '@/lib/routes';

import { type ExplorerProps, LineageExplorer } from './LineageExplorer';

/** The full-screen lineage explorer: its own route, the canvas as large as the window. */
export function LineageExplorerPage(
  props: Omit<ExplorerProps, 'fullScreen' | 'extra'> & { name: string },
) {
  const { name, ...explorer } = props;
  return (
    <div className="lineage-explorer-page">
      <div className="lineage-explorer-title">
        <Link to={datasetPath(props.rootUrn, 'lineage')}>
          <Button size="small" icon={<ArrowLeftOutlined />}>
            Back to the dataset
          </Button>
        </Link>
        <Typography.Title level={4}>Lineage of {name}</Typography.Title>
      </div>
      <ReactFlowProvider>
        <LineageExplorer {...explorer} fullScreen />
      </ReactFlowProvider>
    </div>
  );
}

export default LineageExplorerPage;

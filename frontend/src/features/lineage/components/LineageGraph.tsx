import { ExpandOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { ReactFlowProvider } from '@xyflow/react';
import { Link } from 'react-router';

import { lineageExplorerPath } from '@/lib/routes';

import { type ExplorerProps, LineageExplorer } from './LineageExplorer';

/** The dataset page's Lineage tab: the explorer in a frame, with a way to the full screen. */
export function LineageGraph(props: Omit<ExplorerProps, 'fullScreen' | 'extra'>) {
  return (
    <ReactFlowProvider>
      <LineageExplorer
        {...props}
        extra={
          <Link to={lineageExplorerPath(props.rootUrn)}>
            <Button size="small" icon={<ExpandOutlined />}>
              Open explorer
            </Button>
          </Link>
        }
      />
    </ReactFlowProvider>
  );
}

export default LineageGraph;

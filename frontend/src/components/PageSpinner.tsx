import { Spin } from 'antd';

export function PageSpinner({ tip = 'Loading…' }: { tip?: string }) {
  return (
    <div className="page-spinner" role="status" aria-live="polite">
      <Spin size="large" />
      <div className="page-spinner-tip">{tip}</div>
    </div>
  );
}

import { Descriptions, Typography } from 'antd';

/** Key-value properties a source sent, as DataHub shows them. */
export function CustomProperties({ properties }: { properties: Record<string, string> }) {
  const entries = Object.entries(properties);
  if (!entries.length) {
    return <Typography.Text type="secondary">No custom properties</Typography.Text>;
  }
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      className="custom-properties"
      items={entries.map(([key, value]) => ({ key, label: key, children: value }))}
    />
  );
}

import { Alert, Button, Col, Row, Space, Typography } from 'antd';

/** Shown when an editor opens on a draft kept from earlier in this browser tab. */
export function DraftRestored({ onDiscard }: { onDiscard: () => void }) {
  return (
    <Alert
      type="info"
      showIcon
      title="Unsaved draft restored"
      description="Your edits from earlier were not saved yet: here they are."
      action={
        <Button size="small" onClick={onDiscard}>
          Discard
        </Button>
      }
      style={{ marginBottom: 12 }}
    />
  );
}

/** A save refused with 412: the dataset changed since the editor opened. Their value (now
 * saved) and the draft side by side; the person chooses, nothing is merged behind their back. */
export function EditConflict({
  theirs,
  mine,
  saving,
  onKeepMine,
  onUseTheirs,
}: {
  theirs: string;
  mine: string;
  saving?: boolean;
  onKeepMine: () => void;
  onUseTheirs: () => void;
}) {
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="edit-conflict"
      title="Someone changed this since you opened it"
      description={
        <>
          <Row gutter={16} style={{ margin: '8px 0' }}>
            <Col span={12}>
              <Typography.Text strong>Current version</Typography.Text>
              <pre className="conflict-text" data-testid="conflict-theirs">
                {theirs || '(empty)'}
              </pre>
            </Col>
            <Col span={12}>
              <Typography.Text strong>Your draft</Typography.Text>
              <pre className="conflict-text" data-testid="conflict-mine">
                {mine || '(empty)'}
              </pre>
            </Col>
          </Row>
          <Space>
            <Button type="primary" onClick={onKeepMine} loading={saving}>
              Keep mine
            </Button>
            <Button onClick={onUseTheirs}>Use theirs</Button>
          </Space>
        </>
      }
      style={{ marginBottom: 12 }}
    />
  );
}

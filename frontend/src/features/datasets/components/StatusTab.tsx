import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  List,
  Progress,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';

import { errorMessage, messagesFor } from '@/lib/errors';
import type { DatasetDetail } from '@/types/api';

import { useUpdateDatasetMutation } from '../api/update-dataset';
import { healthColor } from '../labels';

interface Props {
  dataset: DatasetDetail;
  canEdit: boolean;
  undocumented: number;
}

export function StatusTab({ dataset, canEdit, undocumented }: Props) {
  const [deprecated, setDeprecated] = useState(dataset.status === 'deprecated');
  const [note, setNote] = useState(dataset.deprecation_note);
  const [update, { error, isLoading }] = useUpdateDatasetMutation();
  const { message } = App.useApp();
  const dirty =
    deprecated !== (dataset.status === 'deprecated') || note !== dataset.deprecation_note;

  const save = async () => {
    try {
      await update({
        urn: dataset.urn,
        version: dataset.version,
        update: { status: deprecated ? 'deprecated' : 'active', deprecation_note: note },
      }).unwrap();
      void message.success('Status saved');
    } catch {
      // shown below
    }
  };
  const noteErrors = messagesFor(error, 'deprecation_note');

  return (
    <div className="status-tab">
      <Card size="small" title="Health">
        <Space align="start" size="large" wrap>
          <Progress
            type="dashboard"
            percent={dataset.health.score}
            strokeColor={healthColor(dataset.health.score)}
            format={(value) => `${value}`}
          />
          <List
            size="small"
            header={<Typography.Text strong>What would raise the score</Typography.Text>}
            dataSource={
              dataset.health.reasons.length ? dataset.health.reasons : ['Nothing: well kept.']
            }
            renderItem={(reason) => <List.Item>{reason}</List.Item>}
          />
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {undocumented} of {dataset.schema.length} fields have no description.
        </Typography.Paragraph>
      </Card>
      <Card size="small" title="Deprecation" style={{ marginTop: 16 }}>
        {error && (
          <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} />
        )}
        <Form layout="vertical" disabled={!canEdit}>
          <Form.Item
            label="Deprecated"
            validateStatus={messagesFor(error, 'status').length ? 'error' : undefined}
            help={messagesFor(error, 'status').join(' ') || undefined}
          >
            <Switch checked={deprecated} onChange={setDeprecated} aria-label="Deprecated" />
          </Form.Item>
          <Form.Item
            label="Note for users (what to use instead, when it goes away)"
            validateStatus={noteErrors.length ? 'error' : undefined}
            help={noteErrors.join(' ') || undefined}
          >
            <Input.TextArea
              rows={3}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              aria-label="Deprecation note"
            />
          </Form.Item>
          {canEdit && (
            <Button
              type="primary"
              disabled={!dirty}
              loading={isLoading}
              onClick={() => void save()}
            >
              Save status
            </Button>
          )}
        </Form>
      </Card>
    </div>
  );
}

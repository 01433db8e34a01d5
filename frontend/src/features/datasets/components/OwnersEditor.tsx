import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';

import { type Choice, RemoteSelect } from '@/components/RemoteSelect';
import { errorMessage, isApiError } from '@/lib/errors';
import { OWNERSHIP_TYPES, type DatasetDetail, type OwnerInput } from '@/types/api';

import { listGroups } from '../api/list-groups';
import { listUsers } from '../api/list-users';
import { useUpdateOwnersMutation } from '../api/update-owners';
import { ownershipLabel } from '../labels';

const ownerChoices = async (q: string): Promise<Choice[]> => {
  const [users, groups] = await Promise.all([listUsers(q), listGroups(q)]);
  return [
    ...users.map((user) => ({
      value: user.urn,
      label: `${user.display_name || user.username} (${user.username})`,
    })),
    ...groups.map((group) => ({
      value: group.urn,
      label: `Team: ${group.display_name || group.name}`,
    })),
  ];
};

interface Values {
  owners: OwnerInput[];
}

/** Errors for row `index` of the owners list: `owners: {"0": {"owner": [...]}}` flattened. */
const rowErrors = (error: unknown, index: number): string[] =>
  isApiError(error)
    ? (error.fields.owners ?? [])
        .filter((message) => message.startsWith(`${index}: `))
        .map((message) => message.slice(`${index}: `.length))
    : [];

export function OwnersEditor({
  dataset,
  onClose,
}: {
  dataset: DatasetDetail;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [update, { error, isLoading }] = useUpdateOwnersMutation();
  const { message } = App.useApp();
  // The version the dialog opened on: a change made meanwhile answers 412, shown as the error.
  const [version] = useState(dataset.version);
  const ingested = dataset.owners.filter((owner) => owner.source === 'ingested');

  const onOk = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows each row's problem; nothing is sent
    }
    try {
      await update({ urn: dataset.urn, version, owners: values.owners ?? [] }).unwrap();
      void message.success('Owners saved');
      onClose();
    } catch {
      // shown next to the rows
    }
  };

  return (
    <Modal
      open
      title="Owners"
      okText="Save"
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={isLoading}
      width={680}
    >
      {error && (
        <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} />
      )}
      {ingested.length > 0 && (
        <Typography.Paragraph type="secondary">
          From ingestion (not editable here):{' '}
          {ingested.map((owner) => owner.display_name).join(', ')}
        </Typography.Paragraph>
      )}
      <Form<Values>
        form={form}
        initialValues={{
          owners: dataset.owners
            .filter((owner) => owner.source === 'editable')
            .map((owner) => ({ owner: owner.owner, type: owner.type })),
        }}
      >
        <Form.List name="owners">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => {
                const problems = rowErrors(error, row.name);
                return (
                  <Space key={row.key} align="start" className="owner-row" wrap>
                    <Form.Item
                      name={[row.name, 'owner']}
                      rules={[{ required: true, message: 'Pick a person or team.' }]}
                      validateStatus={problems.length ? 'error' : undefined}
                      help={problems.join(' ') || undefined}
                      style={{ width: 340 }}
                    >
                      <RemoteSelect
                        fetchChoices={ownerChoices}
                        aria-label="Owner"
                        placeholder="Person or team"
                      />
                    </Form.Item>
                    <Form.Item
                      name={[row.name, 'type']}
                      initialValue="TECHNICAL_OWNER"
                      style={{ width: 200 }}
                    >
                      <Select
                        aria-label="Ownership type"
                        options={OWNERSHIP_TYPES.map((type) => ({
                          value: type,
                          label: ownershipLabel(type),
                        }))}
                      />
                    </Form.Item>
                    <Button
                      aria-label="Remove owner"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(row.name)}
                    />
                  </Space>
                );
              })}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ type: 'TECHNICAL_OWNER' })}
                block
              >
                Add owner
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

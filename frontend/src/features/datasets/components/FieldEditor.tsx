import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';

import { type Choice, RemoteSelect } from '@/components/RemoteSelect';
import { errorMessage, messagesFor } from '@/lib/errors';
import { CLASSIFICATIONS, type Classification, type SchemaField } from '@/types/api';

import { listGlossaryTerms } from '../api/list-glossary-terms';
import { listTags } from '../api/list-tags';
import { useUpdateSchemaMutation } from '../api/update-schema';
import { readablePath } from '../schema-tree';

const tagChoices = async (q: string): Promise<Choice[]> =>
  (await listTags(q)).map((tag) => ({ value: tag.name, label: tag.name }));
const termChoices = async (q: string): Promise<Choice[]> =>
  (await listGlossaryTerms(q)).map((term) => ({ value: term.name, label: term.name }));

interface Values {
  description: string;
  tags: string[];
  glossary_terms: string[];
  classification: Classification;
}

export function FieldEditor({
  urn,
  field,
  onClose,
}: {
  urn: string;
  field: SchemaField;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [update, { error, isLoading }] = useUpdateSchemaMutation();
  const { message } = App.useApp();

  const onOk = async () => {
    const values = await form.validateFields();
    try {
      await update({ urn, edits: [{ field_path: field.field_path, ...values }] }).unwrap();
      void message.success('Field saved');
      onClose();
    } catch {
      // shown next to the fields below
    }
  };
  const errorsOf = (name: keyof Values) => messagesFor(error, name);
  const item = (name: keyof Values) => ({
    name,
    validateStatus: errorsOf(name).length ? ('error' as const) : undefined,
    help: errorsOf(name).join(' ') || undefined,
  });

  return (
    <Modal
      open
      title={`Edit field ${readablePath(field.field_path)}`}
      okText="Save"
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={isLoading}
      width={640}
    >
      {error && (
        <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} />
      )}
      {field.description && (
        <Typography.Paragraph type="secondary">
          From ingestion: {field.description}
        </Typography.Paragraph>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          description: field.editable_description,
          tags: field.editable_tags,
          glossary_terms: field.editable_glossary_terms,
          classification: field.classification,
        }}
      >
        <Form.Item label="Description" {...item('description')}>
          <Input.TextArea rows={3} placeholder={field.description || 'Describe this field'} />
        </Form.Item>
        <Form.Item
          label="Tags"
          extra={field.tags.length ? `From ingestion: ${field.tags.join(', ')}` : undefined}
          {...item('tags')}
        >
          <RemoteSelect mode="tags" fetchChoices={tagChoices} aria-label="Field tags" />
        </Form.Item>
        <Form.Item
          label="Glossary terms"
          extra={
            field.glossary_terms.length
              ? `From ingestion: ${field.glossary_terms.join(', ')}`
              : undefined
          }
          {...item('glossary_terms')}
        >
          <RemoteSelect
            mode="multiple"
            fetchChoices={termChoices}
            aria-label="Field glossary terms"
          />
        </Form.Item>
        <Form.Item label="PII classification" {...item('classification')}>
          <Select
            aria-label="PII classification"
            options={Object.entries(CLASSIFICATIONS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

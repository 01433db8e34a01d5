import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';

import { type Choice, RemoteSelect } from '@/components/RemoteSelect';
import { errorMessage, messagesFor } from '@/lib/errors';
import { CLASSIFICATIONS, type Classification, type SchemaField } from '@/types/api';

import { listGlossaryTerms } from '../api/list-glossary-terms';
import { listTags } from '../api/list-tags';
import { useUpdateSchemaMutation } from '../api/update-schema';
import { readablePath } from '../schema-tree';
import { useDraftSave } from '../use-draft-save';
import { DraftRestored, EditConflict } from './DraftNotices';

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

const valuesOf = (field: SchemaField): Values => ({
  description: field.editable_description,
  tags: field.editable_tags,
  glossary_terms: field.editable_glossary_terms,
  classification: field.classification,
});

const describe = (values: Values): string =>
  [
    values.description || '(no description)',
    values.tags.length ? `Tags: ${values.tags.join(', ')}` : '',
    values.glossary_terms.length ? `Glossary terms: ${values.glossary_terms.join(', ')}` : '',
    values.classification ? `PII: ${CLASSIFICATIONS[values.classification]}` : '',
  ]
    .filter(Boolean)
    .join('\n');

/** One field's editable side, as a draft saved with If-Match (../use-draft-save): `version` is
 * the one the editor opened on. A 412 is re-saved when this field did not change meanwhile, else
 * both are shown side by side. */
export function FieldEditor({
  urn,
  version,
  field,
  onClose,
}: {
  urn: string;
  version: number;
  field: SchemaField;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [update, { error, isLoading, reset }] = useUpdateSchemaMutation();
  const { message } = App.useApp();
  const draft = useDraftSave<Values>({
    urn,
    part: `field:${field.field_path}`,
    start: { value: valuesOf(field), version },
    send: (values, on) =>
      update({ urn, version: on, edits: [{ field_path: field.field_path, ...values }] }).unwrap(),
    read: (dataset) => {
      const same = dataset.schema.find((item) => item.field_path === field.field_path);
      return same ? valuesOf(same) : null;
    },
    resetError: reset,
    onSaved: () => {
      void message.success('Field saved');
      onClose();
    },
  });

  const discard = () => {
    draft.discard();
    onClose();
  };

  const onOk = async () => {
    const values = await form.validateFields();
    await draft.save(values);
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
      okButtonProps={{ disabled: draft.conflict !== null }}
      onCancel={discard}
      confirmLoading={isLoading}
      width={640}
    >
      {draft.kept && !draft.conflict && <DraftRestored onDiscard={discard} />}
      {draft.conflict && (
        <EditConflict
          theirs={describe(draft.conflict.value)}
          mine={describe(form.getFieldsValue(true) as Values)}
          saving={isLoading}
          onKeepMine={() => draft.keepMine(form.getFieldsValue(true) as Values)}
          onUseTheirs={discard}
        />
      )}
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
        initialValues={draft.initial}
        onValuesChange={(_changed, all) => draft.keep(all)}
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

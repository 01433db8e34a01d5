import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import isEqual from 'lodash/isEqual';
import { useState } from 'react';

import { type Choice, RemoteSelect } from '@/components/RemoteSelect';
import { errorMessage, isApiError, messagesFor } from '@/lib/errors';
import { CLASSIFICATIONS, type Classification, type SchemaField } from '@/types/api';

import { listGlossaryTerms } from '../api/list-glossary-terms';
import { listTags } from '../api/list-tags';
import { useLazyGetDatasetQuery } from '../api/get-dataset';
import { useUpdateSchemaMutation } from '../api/update-schema';
import { clearDraft, loadDraft, saveDraft } from '../drafts';
import { readablePath } from '../schema-tree';
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

interface Base {
  values: Values;
  version: number;
}

/** One field's editable side, as a draft (../drafts) until saved or cancelled, sent with
 * If-Match: the version the editor opened on (`version`). A 412 is handled as the docs editor
 * handles it: re-saved when this field did not change meanwhile, else both shown side by side. */
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
  const part = `field:${field.field_path}` as const;
  const [form] = Form.useForm<Values>();
  const [kept] = useState(() => loadDraft<Values>(urn, part));
  const [base, setBase] = useState<Base>(
    kept ? { values: kept.base, version: kept.version } : { values: valuesOf(field), version },
  );
  const restored = kept !== null;
  const [conflict, setConflict] = useState<Base | null>(null);
  const [update, { error, isLoading, reset }] = useUpdateSchemaMutation();
  const [fetchDataset] = useLazyGetDatasetQuery();
  const { message } = App.useApp();

  const discard = () => {
    clearDraft(urn, part);
    onClose();
  };

  const rebase = (values: Values, on: Base) => {
    setBase(on);
    saveDraft(urn, part, { value: values, base: on.values, version: on.version });
  };

  const submit = async (values: Values, on: Base) => {
    try {
      await update({
        urn,
        version: on.version,
        edits: [{ field_path: field.field_path, ...values }],
      }).unwrap();
      clearDraft(urn, part);
      void message.success('Field saved');
      onClose();
    } catch (failure) {
      if (!isApiError(failure) || failure.status !== 412) return; // shown next to the fields
      reset();
      let now: Base;
      try {
        const current = await fetchDataset(urn).unwrap();
        const same = current.schema.find((item) => item.field_path === field.field_path);
        if (!same) return;
        now = { values: valuesOf(same), version: current.version };
      } catch {
        return;
      }
      if (isEqual(now.values, on.values) && now.version !== on.version) {
        rebase(values, now); // someone changed something else: the draft still applies
        await submit(values, now);
      } else {
        setConflict(now);
      }
    }
  };

  const onOk = async () => {
    const values = await form.validateFields();
    await submit(values, base);
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
      okButtonProps={{ disabled: conflict !== null }}
      onCancel={discard}
      confirmLoading={isLoading}
      width={640}
    >
      {restored && !conflict && <DraftRestored onDiscard={discard} />}
      {conflict && (
        <EditConflict
          theirs={describe(conflict.values)}
          mine={describe(form.getFieldsValue(true) as Values)}
          saving={isLoading}
          onKeepMine={() => {
            const values = form.getFieldsValue(true) as Values;
            rebase(values, conflict);
            setConflict(null);
            void submit(values, conflict);
          }}
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
        initialValues={kept?.value ?? valuesOf(field)}
        onValuesChange={(_changed, all) =>
          saveDraft(urn, part, { value: all, base: base.values, version: base.version })
        }
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

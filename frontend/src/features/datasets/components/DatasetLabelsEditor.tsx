import { Alert, App, Form, Modal } from 'antd';
import { useState } from 'react';

import { type Choice, RemoteSelect } from '@/components/RemoteSelect';
import { errorMessage, messagesFor } from '@/lib/errors';
import type { DatasetDetail } from '@/types/api';

import { listDomains } from '../api/list-domains';
import { listGlossaryTerms } from '../api/list-glossary-terms';
import { listTags } from '../api/list-tags';
import { useUpdateDatasetMutation } from '../api/update-dataset';

const toChoices = async (items: Promise<{ name: string }[]>): Promise<Choice[]> =>
  (await items).map((item) => ({ value: item.name, label: item.name }));
const tagChoices = (q: string) => toChoices(listTags(q));
const termChoices = (q: string) => toChoices(listGlossaryTerms(q));
const domainChoices = (q: string) => toChoices(listDomains(q));

interface Values {
  tags: string[];
  glossary_terms: string[];
  domain?: string;
}

/** Edits the MDT-assigned tags and terms (ingested ones are shown, not editable) and domain. */
export function DatasetLabelsEditor({
  dataset,
  onClose,
}: {
  dataset: DatasetDetail;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [update, { error, isLoading }] = useUpdateDatasetMutation();
  const { message } = App.useApp();
  // The version the dialog opened on: a change made meanwhile answers 412, shown as the error.
  const [version] = useState(dataset.version);
  const ingestedTags = dataset.tags.filter((tag) => tag.source === 'ingested');
  const ingestedTerms = dataset.glossary_terms.filter((term) => term.source === 'ingested');

  const onOk = async () => {
    const values = await form.validateFields();
    try {
      await update({
        urn: dataset.urn,
        version,
        update: {
          tags: values.tags,
          glossary_terms: values.glossary_terms,
          domain: values.domain ?? null,
        },
      }).unwrap();
      void message.success('Saved');
      onClose();
    } catch {
      // the errors show next to the fields
    }
  };

  const status = (field: string) => (messagesFor(error, field).length ? 'error' : undefined);
  return (
    <Modal
      open
      title="Tags, glossary terms and domain"
      onOk={onOk}
      onCancel={onClose}
      okText="Save"
      confirmLoading={isLoading}
    >
      {error && (
        <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          tags: dataset.tags.filter((tag) => tag.source === 'editable').map((tag) => tag.name),
          glossary_terms: dataset.glossary_terms
            .filter((term) => term.source === 'editable')
            .map((term) => term.name),
          domain: dataset.domain ?? undefined,
        }}
      >
        <Form.Item
          label="Tags"
          name="tags"
          extra={
            ingestedTags.length
              ? `From ingestion: ${ingestedTags.map((tag) => tag.name).join(', ')}`
              : undefined
          }
          validateStatus={status('tags')}
          help={messagesFor(error, 'tags').join(' ') || undefined}
        >
          <RemoteSelect
            mode="tags"
            fetchChoices={tagChoices}
            aria-label="Tags"
            placeholder="Add tags"
          />
        </Form.Item>
        <Form.Item
          label="Glossary terms"
          name="glossary_terms"
          extra={
            ingestedTerms.length
              ? `From ingestion: ${ingestedTerms.map((term) => term.name).join(', ')}`
              : undefined
          }
          validateStatus={status('glossary_terms')}
          help={messagesFor(error, 'glossary_terms').join(' ') || undefined}
        >
          <RemoteSelect
            mode="multiple"
            fetchChoices={termChoices}
            aria-label="Glossary terms"
            placeholder="Add terms"
          />
        </Form.Item>
        <Form.Item
          label="Domain"
          name="domain"
          validateStatus={status('domain')}
          help={messagesFor(error, 'domain').join(' ') || undefined}
        >
          <RemoteSelect
            fetchChoices={domainChoices}
            allowClear
            aria-label="Domain"
            placeholder="No domain"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

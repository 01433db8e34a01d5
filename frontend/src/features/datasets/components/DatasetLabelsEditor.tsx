import { Alert, App, Form, Modal } from 'antd';

import { type Choice, RemoteSelect } from '@/components/RemoteSelect';
import { errorMessage, messagesFor } from '@/lib/errors';
import type { DatasetDetail } from '@/types/api';

import { listDomains } from '../api/list-domains';
import { listGlossaryTerms } from '../api/list-glossary-terms';
import { listTags } from '../api/list-tags';
import { useUpdateDatasetMutation } from '../api/update-dataset';
import { useDraftSave } from '../use-draft-save';
import { DraftRestored, EditConflict } from './DraftNotices';

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

/** What the dialog edits, as kept in the draft and compared with the dataset on a 412. */
interface Labels {
  tags: string[];
  glossary_terms: string[];
  domain: string | null;
}

// Always built here, keys in this order: saveDraft and the 412 check compare whole values, and
// a cleared domain is `undefined` in the form but `null` on the dataset.
const labels = (tags: string[], terms: string[], domain: string | null | undefined): Labels => ({
  tags,
  glossary_terms: terms,
  domain: domain ?? null,
});

const editableLabels = (dataset: DatasetDetail): Labels =>
  labels(
    dataset.tags.filter((tag) => tag.source === 'editable').map((tag) => tag.name),
    dataset.glossary_terms.filter((term) => term.source === 'editable').map((term) => term.name),
    dataset.domain,
  );

const fromValues = (values: Partial<Values>): Labels =>
  labels(values.tags ?? [], values.glossary_terms ?? [], values.domain);

const describeLabels = (value: Labels): string =>
  [
    `Tags: ${value.tags.join(', ') || '(none)'}`,
    `Glossary terms: ${value.glossary_terms.join(', ') || '(none)'}`,
    `Domain: ${value.domain ?? '(none)'}`,
  ].join('\n');

/** Edits the MDT-assigned tags and terms (ingested ones are shown, not editable) and domain,
 * as a draft saved with If-Match like the owners dialog (../use-draft-save). */
export function DatasetLabelsEditor({
  dataset,
  onClose,
}: {
  dataset: DatasetDetail;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [update, { error, isLoading, reset }] = useUpdateDatasetMutation();
  const { message } = App.useApp();
  const { urn } = dataset;
  const draft = useDraftSave<Labels>({
    urn,
    part: 'labels',
    start: { value: editableLabels(dataset), version: dataset.version },
    send: (value, version) => update({ urn, version, update: value }).unwrap(),
    read: editableLabels,
    resetError: reset,
    onSaved: () => {
      void message.success('Saved');
      onClose();
    },
  });
  const ingestedTags = dataset.tags.filter((tag) => tag.source === 'ingested');
  const ingestedTerms = dataset.glossary_terms.filter((term) => term.source === 'ingested');
  const start = draft.initial;

  const onOk = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is wrong; nothing is sent
    }
    await draft.save(fromValues(values));
  };

  const discard = () => {
    draft.discard();
    onClose();
  };
  const current = (): Labels => fromValues(form.getFieldsValue());

  const status = (field: string) => (messagesFor(error, field).length ? 'error' : undefined);
  return (
    <Modal
      open
      title="Tags, glossary terms and domain"
      onOk={onOk}
      onCancel={discard}
      okText="Save"
      okButtonProps={{ disabled: draft.conflict !== null }}
      confirmLoading={isLoading}
    >
      {draft.kept && !draft.conflict && <DraftRestored onDiscard={discard} />}
      {draft.conflict && (
        <EditConflict
          theirs={describeLabels(draft.conflict.value)}
          mine={describeLabels(current())}
          saving={isLoading}
          onKeepMine={() => draft.keepMine(current())}
          onUseTheirs={discard}
        />
      )}
      {error && (
        <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          tags: start.tags,
          glossary_terms: start.glossary_terms,
          domain: start.domain ?? undefined,
        }}
        onValuesChange={(_changed, all: Values) => draft.keep(fromValues(all))}
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

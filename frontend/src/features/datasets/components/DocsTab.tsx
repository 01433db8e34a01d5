import { EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Form, Input, Space, Tabs } from 'antd';
import { useState } from 'react';

import { errorMessage, isApiError, messagesFor } from '@/lib/errors';
import type { DatasetDetail } from '@/types/api';

import { useLazyGetDatasetQuery } from '../api/get-dataset';
import { useUpdateDatasetMutation } from '../api/update-dataset';
import { clearDraft, loadDraft, saveDraft } from '../drafts';
import { DocsHtml } from './DocsHtml';
import { DraftRestored, EditConflict } from './DraftNotices';
import MarkdownPreview from './MarkdownPreview';

/** The docs editor. The text is a draft (sessionStorage, see ../drafts) from the first
 * keystroke until it is saved or discarded: switching tabs, reloading or logging in again after
 * the session ended reopens the editor on it.
 *
 * Lost updates: the save sends If-Match with the version the draft was started on. A 412 means
 * the dataset changed since; the UI refetches it and, when the docs themselves are unchanged
 * (someone edited a field or the owners), saves again on the new version; otherwise it shows
 * their docs beside the draft (EditConflict) and the person keeps theirs or takes the new. */
export function DocsTab({ dataset, canEdit }: { dataset: DatasetDetail; canEdit: boolean }) {
  const { urn } = dataset;
  const [kept] = useState(() => loadDraft<string>(urn, 'docs'));
  const [editing, setEditing] = useState(canEdit && kept !== null);
  const [restored, setRestored] = useState(canEdit && kept !== null);
  const [draft, setDraft] = useState(kept?.value ?? dataset.docs);
  // What the draft was written against: the docs and version when the editor opened.
  const [base, setBase] = useState(
    kept
      ? { docs: kept.base, version: kept.version }
      : { docs: dataset.docs, version: dataset.version },
  );
  const [conflict, setConflict] = useState<{ docs: string; version: number } | null>(null);
  const [update, { error, isLoading, reset }] = useUpdateDatasetMutation();
  const [fetchDataset, { isFetching: refetching }] = useLazyGetDatasetQuery();
  const { message } = App.useApp();

  const close = () => {
    clearDraft(urn, 'docs');
    setEditing(false);
    setRestored(false);
    setConflict(null);
    reset();
  };

  const edit = (text: string) => {
    setDraft(text);
    saveDraft(urn, 'docs', { value: text, base: base.docs, version: base.version });
  };

  /** The draft now counts as written against `on`. */
  const rebase = (text: string, on: { docs: string; version: number }) => {
    setBase(on);
    saveDraft(urn, 'docs', { value: text, base: on.docs, version: on.version });
  };

  const save = async (text: string, on: { docs: string; version: number }) => {
    try {
      await update({ urn, version: on.version, update: { docs: text } }).unwrap();
      void message.success('Docs saved');
      close();
    } catch (failure) {
      if (!isApiError(failure) || failure.status !== 412) return; // shown above the editor
      reset();
      let current: DatasetDetail;
      try {
        current = await fetchDataset(urn).unwrap();
      } catch {
        return;
      }
      if (current.docs === on.docs && current.version !== on.version) {
        // Someone changed something else: the draft still applies as written.
        rebase(text, { docs: current.docs, version: current.version });
        await save(text, { docs: current.docs, version: current.version });
      } else {
        setConflict({ docs: current.docs, version: current.version });
      }
    }
  };

  if (editing) {
    const docsErrors = messagesFor(error, 'docs');
    return (
      <div className="docs-editor">
        {restored && !conflict && <DraftRestored onDiscard={close} />}
        {conflict && (
          <EditConflict
            theirs={conflict.docs}
            mine={draft}
            saving={isLoading}
            onKeepMine={() => {
              rebase(draft, conflict);
              setConflict(null);
              void save(draft, conflict);
            }}
            onUseTheirs={close}
          />
        )}
        {error && (
          <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} />
        )}
        <Tabs
          items={[
            {
              key: 'write',
              label: 'Write',
              children: (
                <Form.Item
                  validateStatus={docsErrors.length ? 'error' : undefined}
                  help={docsErrors.join(' ') || 'Markdown: headings, lists, tables, links, code.'}
                >
                  <Input.TextArea
                    aria-label="Docs (markdown)"
                    value={draft}
                    onChange={(event) => edit(event.target.value)}
                    autoSize={{ minRows: 12, maxRows: 30 }}
                    className="docs-textarea"
                  />
                </Form.Item>
              ),
            },
            {
              key: 'preview',
              label: 'Preview',
              children: draft.trim() ? (
                <MarkdownPreview source={draft} />
              ) : (
                <Empty description="Nothing to preview" />
              ),
            },
          ]}
        />
        <Space>
          <Button
            type="primary"
            onClick={() => void save(draft, base)}
            loading={isLoading || refetching}
            disabled={conflict !== null}
          >
            Save docs
          </Button>
          <Button onClick={close}>Cancel</Button>
        </Space>
      </div>
    );
  }

  return (
    <div className="docs-tab">
      {canEdit && (
        <div className="tab-toolbar">
          <Button
            icon={<EditOutlined />}
            onClick={() => {
              setDraft(dataset.docs);
              setBase({ docs: dataset.docs, version: dataset.version });
              setEditing(true);
            }}
          >
            Edit docs
          </Button>
        </div>
      )}
      {isLoading ? (
        <MarkdownPreview source={dataset.docs} />
      ) : dataset.docs_html ? (
        <DocsHtml html={dataset.docs_html} testId="docs-html" />
      ) : (
        <Empty description="No docs yet." />
      )}
    </div>
  );
}

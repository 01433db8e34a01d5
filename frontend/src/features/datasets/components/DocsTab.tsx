import { EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Form, Input, Skeleton, Space, Tabs } from 'antd';
import { lazy, Suspense, useState } from 'react';

import { errorMessage, messagesFor } from '@/lib/errors';
import type { DatasetDetail } from '@/types/api';

import { useUpdateDatasetMutation } from '../api/update-dataset';

// react-markdown only loads for people who edit.
const MarkdownPreview = lazy(() => import('./MarkdownPreview'));

/** The server renders docs to HTML and sanitizes it (nh3 allow-list: no scripts, no event
 * handlers, no javascript: links), so the read view can insert it as HTML. */
function DocsView({ html }: { html: string }) {
  return (
    <div
      className="markdown-body"
      data-testid="docs-html"
      // Sanitized by the API (nh3 allow-list); the e2e suite proves payloads stay inert.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

export function DocsTab({ dataset, canEdit }: { dataset: DatasetDetail; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(dataset.docs);
  const [update, { error, isLoading, reset }] = useUpdateDatasetMutation();
  const { message } = App.useApp();

  const save = async () => {
    try {
      await update({ urn: dataset.urn, update: { docs: draft } }).unwrap();
      void message.success('Docs saved');
      setEditing(false);
    } catch {
      // shown below the editor
    }
  };

  if (editing) {
    const docsErrors = messagesFor(error, 'docs');
    return (
      <div className="docs-editor">
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
                    onChange={(event) => setDraft(event.target.value)}
                    autoSize={{ minRows: 12, maxRows: 30 }}
                    className="docs-textarea"
                  />
                </Form.Item>
              ),
            },
            {
              key: 'preview',
              label: 'Preview',
              children: (
                <Suspense fallback={<Skeleton active />}>
                  {draft.trim() ? (
                    <MarkdownPreview source={draft} />
                  ) : (
                    <Empty description="Nothing to preview" />
                  )}
                </Suspense>
              ),
            },
          ]}
        />
        <Space>
          <Button type="primary" onClick={() => void save()} loading={isLoading}>
            Save docs
          </Button>
          <Button
            onClick={() => {
              setEditing(false);
              reset();
            }}
          >
            Cancel
          </Button>
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
              setEditing(true);
            }}
          >
            Edit docs
          </Button>
        </div>
      )}
      {isLoading ? (
        <Suspense fallback={<Skeleton active />}>
          <MarkdownPreview source={dataset.docs} />
        </Suspense>
      ) : dataset.docs_html ? (
        <DocsView html={dataset.docs_html} />
      ) : (
        <Empty description="No docs yet." />
      )}
    </div>
  );
}

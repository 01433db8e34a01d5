import { Alert, Skeleton } from 'antd';
import { useEffect, useState } from 'react';

import { isApiError } from '@/lib/errors';

import { usePreviewMarkdownQuery } from '../api/preview-markdown';
import { DocsHtml } from './DocsHtml';

/** Typing pauses shorter than this send no request. */
export const PREVIEW_DELAY_MS = 250;

/** `value`, once it has stayed the same for `ms`. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The editor's preview: the API renders the text with the function that renders the saved
 * `docs_html`, and it is shown through the same component, so the preview is what saving will
 * show (raw HTML and every edge case included). While a newer text is in flight the last
 * rendering stays; when the API cannot answer, a notice says so and the draft is untouched. */
export default function MarkdownPreview({ source }: { source: string }) {
  const text = useSettled(source, PREVIEW_DELAY_MS);
  const { data, error, isError } = usePreviewMarkdownQuery(text);
  const unreachable = isError && (!isApiError(error) || error.status === 0);
  return (
    <>
      {isError && (
        <Alert
          type="warning"
          showIcon
          title={
            unreachable
              ? "Preview unavailable: can't reach MDT"
              : `Preview unavailable: ${isApiError(error) ? error.message : 'the API refused it'}`
          }
          style={{ marginBottom: 12 }}
          data-testid="docs-preview-unavailable"
        />
      )}
      {data ? <DocsHtml html={data.html} testId="docs-preview" /> : !isError && <Skeleton active />}
    </>
  );
}

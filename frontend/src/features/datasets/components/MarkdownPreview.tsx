import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/** Client-side markdown for the editor's preview. No rehype-raw: HTML in the text is not
 * turned into elements, and react-markdown drops `javascript:` URLs, so nothing can run. */
export default function MarkdownPreview({ source }: { source: string }) {
  return (
    <div className="markdown-body" data-testid="docs-preview">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml>
        {source}
      </Markdown>
    </div>
  );
}

import omit from 'lodash/omit';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import Markdown, { type Components } from 'react-markdown';

import { asPythonMarkdown } from '../python-markdown';

interface ParserData {
  micromarkExtensions?: unknown[];
  fromMarkdownExtensions?: unknown[];
}

/** Tables and nothing else from GitHub's dialect: the saved view is rendered by the API with
 * Python-Markdown's `tables` extension, which has no task lists, strikethrough, bare-URL links
 * or footnotes, and the preview must show what will be saved. */
function remarkTables(this: { data: () => object }) {
  // unified's processor: `data()` is where remark-parse reads its syntax extensions from.
  const data = this.data() as ParserData;
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

/** Attributes the API's sanitizer drops (column alignment, a list's first number), so the
 * saved view has none. */
const components: Components = {
  th: (props) => <th {...omit(props, 'node', 'style')} />,
  td: (props) => <td {...omit(props, 'node', 'style')} />,
  ol: (props) => <ol {...omit(props, 'node', 'start')} />,
};

/** Client-side markdown for the editor's preview, kept as close to the API's `docs_html` as a
 * CommonMark parser allows (MarkdownPreview.test.tsx compares the two on samples). No
 * rehype-raw: HTML in the text is not turned into elements, and react-markdown drops
 * `javascript:` URLs, so nothing can run. */
export default function MarkdownPreview({ source }: { source: string }) {
  return (
    <div className="markdown-body" data-testid="docs-preview">
      <Markdown remarkPlugins={[remarkTables]} components={components} skipHtml>
        {asPythonMarkdown(source)}
      </Markdown>
    </div>
  );
}

/** Docs as the API renders them (`catalog.markdown.render_markdown`: Python-Markdown, then the
 * nh3 allow-list: no scripts, no event handlers, no javascript: links), so they can be inserted
 * as HTML. The saved view (`docs_html`) and the editor's preview both show docs through this
 * one component. */
export function DocsHtml({ html, testId }: { html: string; testId: string }) {
  return (
    <div
      className="markdown-body"
      data-testid={testId}
      // Sanitized by the API (nh3 allow-list); the e2e suite proves payloads stay inert.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

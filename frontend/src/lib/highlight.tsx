import type { ReactNode } from 'react';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&#x2F;': '/',
};

const unescape = (text: string): string =>
  text.replace(/&(?:amp|lt|gt|quot|#x27|#39|#x2F);/g, (entity) => ENTITIES[entity] ?? entity);

/**
 * Search highlights arrive as HTML-escaped text with `<mark>…</mark>` around matches. Rather than
 * trusting that as HTML, split on the marks and render every piece as text: even a snippet that
 * was not escaped cannot inject markup.
 */
export function renderHighlight(snippet: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  const pattern = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  let key = 0;
  for (let match = pattern.exec(snippet); match; match = pattern.exec(snippet)) {
    if (match.index > last) nodes.push(unescape(snippet.slice(last, match.index)));
    nodes.push(<mark key={key++}>{unescape(match[1] ?? '')}</mark>);
    last = match.index + match[0].length;
  }
  if (last < snippet.length) nodes.push(unescape(snippet.slice(last)));
  return nodes;
}

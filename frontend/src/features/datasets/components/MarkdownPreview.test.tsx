import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import MarkdownPreview from './MarkdownPreview';

/**
 * What the API's `docs_html` is for each source: the output of `catalog.markdown.render_markdown`
 * (Python-Markdown with tables, fenced_code, sane_lists, then nh3), copied as it printed it.
 * Regenerate with `python -c "from catalog.markdown import render_markdown; print(repr(
 * render_markdown(SOURCE)))"` after a change to that module.
 *
 * Still different, because Python-Markdown is not CommonMark: a list with no blank line after a
 * paragraph (server: one paragraph), nested lists indented by 2 spaces (server: flat), `#tag`
 * (server: a heading), `1)` lists (server: text), raw HTML the allow-list keeps (preview: dropped)
 * and table alignment (server: dropped). Only a server-side preview would remove them.
 */
const SERVER: Record<string, [source: string, html: string]> = {
  'task list': ['- [x] done\n- [ ] todo', '<ul>\n<li>[x] done</li>\n<li>[ ] todo</li>\n</ul>'],
  strikethrough: ['~~old~~ text', '<p>~~old~~ text</p>'],
  'bare URL': ['see https://example.com now', '<p>see https://example.com now</p>'],
  'footnote-like reference': [
    'text[^1]\n\n[^1]: note',
    '<p>text<a href="note" rel="noopener noreferrer nofollow">^1</a></p>',
  ],
  table: [
    '| a | b |\n|---|---|\n| 1 | 2 |',
    '<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>',
  ],
  'fenced code': [
    '```sql\nselect 1;\n```',
    '<pre><code class="language-sql">select 1;\n</code></pre>',
  ],
  'intra-word underscores': ['snake_case_name and _em_', '<p>snake_case_name and <em>em</em></p>'],
  autolink: [
    '<https://example.com>',
    '<p><a href="https://example.com" rel="noopener noreferrer nofollow">https://example.com</a></p>',
  ],
  'hard break': ['line one  \nline two', '<p>line one<br>\nline two</p>'],
  link: [
    '[docs](https://example.com "t")',
    '<p><a href="https://example.com" title="t" rel="noopener noreferrer nofollow">docs</a></p>',
  ],
};

/** Tags, text and the attributes a reader sees (link target and title, code language); the
 * whitespace between blocks and `rel` differ between the two renderers and show nothing. */
const shape = (node: Node): string => {
  if (node.nodeType === Node.TEXT_NODE) {
    // Newlines between rows and items are layout, not content.
    const container = /^(TABLE|THEAD|TBODY|TR|UL|OL)$/.test(node.parentElement?.tagName ?? '');
    const text = (node.textContent ?? '').replace(/\s+/g, ' ');
    return container && text === ' ' ? '' : text;
  }
  if (!(node instanceof Element)) return '';
  const attributes = ['href', 'title', 'class', 'type', 'checked']
    .filter((name) => node.getAttribute(name))
    .map((name) => ` ${name}="${node.getAttribute(name)}"`)
    .join('');
  const inner = Array.from(node.childNodes).map(shape).join('').replace(/^ | $/g, '');
  return `<${node.tagName.toLowerCase()}${attributes}>${inner}</${node.tagName.toLowerCase()}>`;
};

describe('MarkdownPreview', () => {
  it.each(Object.entries(SERVER))('renders %s as the saved view does', (_, [source, html]) => {
    render(<MarkdownPreview source={source} />);
    const server = document.createElement('div');
    server.innerHTML = html;
    const preview = screen.getByTestId('docs-preview');
    expect(Array.from(preview.childNodes).map(shape).join('').trim()).toBe(
      Array.from(server.childNodes).map(shape).join('').trim(),
    );
  });
});

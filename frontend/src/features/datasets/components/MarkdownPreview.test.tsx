import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import MarkdownPreview from './MarkdownPreview';

/**
 * What the API's `docs_html` is for each source: the output of `catalog.markdown.render_markdown`
 * (Python-Markdown with tables, fenced_code, sane_lists, then nh3), copied as it printed it.
 * Regenerate with `python -c "from catalog.markdown import render_markdown; print(repr(
 * render_markdown(SOURCE)))"` after a change to that module.
 *
 * Still different: raw HTML that the server's allow-list keeps (the preview drops all HTML).
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
  'list right after a paragraph': ['Steps:\n- one\n- two', '<p>Steps:\n- one\n- two</p>'],
  'ordered list right after a paragraph': [
    'Steps:\n1. one\n2. two',
    '<p>Steps:\n1. one\n2. two</p>',
  ],
  'star and plus lists after a paragraph': ['Intro\n* one\n+ two', '<p>Intro\n* one\n+ two</p>'],
  'list after a blank line': [
    'Steps:\n\n- one\n- two',
    '<p>Steps:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>',
  ],
  'two-space nested list': ['- a\n  - b\n- c', '<ul>\n<li>a</li>\n<li>b</li>\n<li>c</li>\n</ul>'],
  'four-space nested list': [
    '- a\n    - b\n- c',
    '<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>',
  ],
  'heading without a space': ['#tag\n\n##Sub', '<h1>tag</h1>\n<h2>Sub</h2>'],
  'hash inside a line': ['issue #12 is fixed', '<p>issue #12 is fixed</p>'],
  'heading then list': ['# Title\n- one', '<h1>Title</h1>\n<ul>\n<li>one</li>\n</ul>'],
  'list then paragraph': [
    '- one\n- two\n\nAfter',
    '<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>After</p>',
  ],
  'ordered list with a paren': ['1) one\n2) two', '<p>1) one\n2) two</p>'],
  'ordered list from 3': ['3. three\n4. four', '<ol>\n<li>three</li>\n<li>four</li>\n</ol>'],
  'markers inside a code fence': [
    '```\nintro\n- item\n#tag\n1) x\n  - y\n```',
    '<pre><code>intro\n- item\n#tag\n1) x\n  - y\n</code></pre>',
  ],
  'table alignment': [
    '| a | b |\n|:--|--:|\n| 1 | 2 |',
    '<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>',
  ],
  blockquote: ['> quoted\n> more', '<blockquote>\n<p>quoted\nmore</p>\n</blockquote>'],
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
    const container = /^(TABLE|THEAD|TBODY|TR|UL|OL|LI|BLOCKQUOTE)$/.test(
      node.parentElement?.tagName ?? '',
    );
    const text = (node.textContent ?? '').replace(/\s+/g, ' ');
    return container && text === ' ' ? '' : text;
  }
  if (!(node instanceof Element)) return '';
  const attributes = ['href', 'title', 'class', 'type', 'checked', 'start', 'style', 'align']
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

import { render, screen, waitFor } from '@testing-library/react';
import MockAdapter from 'axios-mock-adapter';
import { Provider } from 'react-redux';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeStore } from '@/app/store';
import { apiClient } from '@/lib/api-client';

import MarkdownPreview from './MarkdownPreview';

const sent = (mock: MockAdapter): unknown[] =>
  mock.history.post.map((request) => JSON.parse(String(request.data)) as unknown);

describe('MarkdownPreview', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  const preview = (source: string) => {
    const store = makeStore();
    const view = render(
      <Provider store={store}>
        <MarkdownPreview source={source} />
      </Provider>,
    );
    return {
      ...view,
      retype: (next: string) =>
        view.rerender(
          <Provider store={store}>
            <MarkdownPreview source={next} />
          </Provider>,
        ),
    };
  };

  it('shows the HTML the API renders for the text, as the saved view would', async () => {
    // What render_markdown answers (copied as it printed it), raw HTML the allow-list keeps
    // included: the react-markdown preview this replaced dropped it.
    const source = 'a <abbr>TLA</abbr> and <del>old</del>\n\n| a |\n|---|\n| 1 |';
    const html =
      '<p>a <abbr>TLA</abbr> and <del>old</del></p>\n<table>\n<thead>\n<tr>\n<th>a</th>\n' +
      '</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>';
    mock.onPost('/markdown/preview/').reply(200, { html });
    preview(source);
    const shown = await screen.findByTestId('docs-preview');
    expect(shown.innerHTML).toBe(html);
    expect(shown).toHaveClass('markdown-body');
    expect(sent(mock)).toEqual([{ text: source }]);
  });

  it('asks once typing settles and keeps the last rendering while the next is in flight', async () => {
    let answer: (value: [number, unknown]) => void = () => undefined;
    mock
      .onPost('/markdown/preview/')
      .replyOnce(200, { html: '<p>first</p>' })
      .onPost('/markdown/preview/')
      .replyOnce(() => new Promise((resolve) => (answer = resolve)));
    const { retype } = preview('first');
    expect(await screen.findByTestId('docs-preview')).toHaveTextContent('first');

    retype('firs');
    retype('fir');
    retype('final');
    await waitFor(() => expect(mock.history.post).toHaveLength(2));
    expect(sent(mock)[1]).toEqual({ text: 'final' });
    expect(screen.getByTestId('docs-preview')).toHaveTextContent('first');

    answer([200, { html: '<p>final</p>' }]);
    await waitFor(() => expect(screen.getByTestId('docs-preview')).toHaveTextContent('final'));
    expect(mock.history.post).toHaveLength(2);
  });

  it("says the preview is unavailable when MDT can't be reached", async () => {
    mock.onPost('/markdown/preview/').networkError();
    preview('# Title');
    expect(await screen.findByText("Preview unavailable: can't reach MDT")).toBeInTheDocument();
    expect(screen.queryByTestId('docs-preview')).toBeNull();
  });
});

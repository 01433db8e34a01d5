import { api } from '@/lib/api';
import type { Operations, ResponseOf } from '@/types/api';

type Preview = ResponseOf<'markdown_preview_create'>;

/** POST /markdown/preview/: the docs editor's preview, rendered by the API's function for the
 * saved `docs_html`. A query, not a mutation, although sent as POST: it writes nothing, and a
 * query's hook keeps the last answer while the next text is in flight. */
const previewMarkdownApi = api.injectEndpoints({
  endpoints: (build) => ({
    previewMarkdown: build.query<Preview, string>({
      query: (text) => ({
        url: '/markdown/preview/',
        method: 'POST',
        data: { text } satisfies Operations['markdown_preview_create']['body'],
      }),
      // Each text typed is its own cache entry; drafts run to 200k characters.
      keepUnusedDataFor: 5,
    }),
  }),
});

export const { usePreviewMarkdownQuery } = previewMarkdownApi;

import { api, datasetUrl, ifMatch } from '@/lib/api';
import type { DatasetDetail, DatasetUpdate, LinkedName } from '@/types/api';

import { datasetApi } from './get-dataset';

const withEditable = (current: LinkedName[], names: string[]): LinkedName[] => [
  ...current.filter((link) => link.source === 'ingested'),
  ...names.map((name) => ({ name, source: 'editable' as const })),
];

/** The page as it will look once the PATCH lands (the server's answer replaces it). */
export const applyDatasetUpdate = (draft: DatasetDetail, update: DatasetUpdate): void => {
  if (update.docs !== undefined) draft.docs = update.docs;
  if (update.status !== undefined) draft.status = update.status;
  if (update.deprecation_note !== undefined) draft.deprecation_note = update.deprecation_note;
  if (update.domain !== undefined) draft.domain = update.domain || null;
  if (update.tags) draft.tags = withEditable(draft.tags, update.tags);
  if (update.glossary_terms) {
    draft.glossary_terms = withEditable(draft.glossary_terms, update.glossary_terms);
  }
};

/** PATCH /datasets/{urn}/: docs, status/deprecation, domain, tags, glossary terms, made on
 * `version` of the dataset (If-Match; a newer one answers 412). Optimistic. */
const updateDatasetApi = api.injectEndpoints({
  endpoints: (build) => ({
    updateDataset: build.mutation<
      DatasetDetail,
      { urn: string; version: number; update: DatasetUpdate }
    >({
      query: ({ urn, version, update }) => ({
        url: datasetUrl(urn),
        method: 'PATCH',
        data: update,
        headers: ifMatch(version),
      }),
      async onQueryStarted({ urn, update }, { dispatch, queryFulfilled }) {
        const patch = dispatch(
          datasetApi.util.updateQueryData('getDataset', urn, (draft) =>
            applyDatasetUpdate(draft, update),
          ),
        );
        try {
          const { data } = await queryFulfilled;
          dispatch(datasetApi.util.upsertQueryData('getDataset', urn, data));
        } catch {
          patch.undo();
        }
      },
      invalidatesTags: (_result, _error, { urn }) => [{ type: 'History', id: urn }],
    }),
  }),
});

export const { useUpdateDatasetMutation } = updateDatasetApi;

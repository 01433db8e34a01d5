import { api, datasetUrl, ifMatch } from '@/lib/api';
import type { FieldEdit, SchemaField } from '@/types/api';

import { datasetApi } from './get-dataset';

export const applyFieldEdits = (fields: SchemaField[], edits: FieldEdit[]): void => {
  for (const edit of edits) {
    const field = fields.find((item) => item.field_path === edit.field_path);
    if (!field) continue;
    if (edit.description !== undefined) field.editable_description = edit.description;
    if (edit.tags) field.editable_tags = edit.tags;
    if (edit.glossary_terms) field.editable_glossary_terms = edit.glossary_terms;
    if (edit.classification !== undefined) field.classification = edit.classification;
  }
};

/** PATCH /datasets/{urn}/schema/ with {"edits": [...]}: field descriptions, tags, terms and
 * PII classification, made on `version` of the dataset (If-Match). Optimistic; the server's field list replaces the guess. */
const updateSchemaApi = api.injectEndpoints({
  endpoints: (build) => ({
    updateSchema: build.mutation<
      SchemaField[],
      { urn: string; version: number; edits: FieldEdit[] }
    >({
      query: ({ urn, version, edits }) => ({
        url: datasetUrl(urn, 'schema/'),
        method: 'PATCH',
        data: { edits },
        headers: ifMatch(version),
      }),
      async onQueryStarted({ urn, edits }, { dispatch, queryFulfilled }) {
        const patch = dispatch(
          datasetApi.util.updateQueryData('getDataset', urn, (draft) =>
            applyFieldEdits(draft.schema, edits),
          ),
        );
        try {
          const { data, meta } = await queryFulfilled;
          dispatch(
            datasetApi.util.updateQueryData('getDataset', urn, (draft) => {
              draft.schema = data;
              if (meta?.version !== undefined) draft.version = meta.version;
            }),
          );
        } catch {
          patch.undo();
        }
      },
      // Health counts documented fields: refetch the page quietly after the edit.
      invalidatesTags: (_result, _error, { urn }) => [
        { type: 'History', id: urn },
        { type: 'Dataset', id: urn },
      ],
    }),
  }),
});

export const { useUpdateSchemaMutation } = updateSchemaApi;

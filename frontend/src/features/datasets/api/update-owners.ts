import { api, datasetUrl, ifMatch } from '@/lib/api';
import { urnName } from '@/lib/routes';
import type { Owner, OwnerInput } from '@/types/api';

import { ownershipLabel } from '../labels';
import { datasetApi } from './get-dataset';

/** PUT /datasets/{urn}/owners/: replaces the owners assigned in MDT (ingested ones stay), made
 * on `version` of the dataset (If-Match).
 * Optimistic; the server's owner list replaces the guess. */
const updateOwnersApi = api.injectEndpoints({
  endpoints: (build) => ({
    updateOwners: build.mutation<Owner[], { urn: string; version: number; owners: OwnerInput[] }>({
      query: ({ urn, version, owners }) => ({
        url: datasetUrl(urn, 'owners/'),
        method: 'PUT',
        data: { owners },
        headers: ifMatch(version),
      }),
      async onQueryStarted({ urn, owners }, { dispatch, queryFulfilled }) {
        const patch = dispatch(
          datasetApi.util.updateQueryData('getDataset', urn, (draft) => {
            draft.owners = [
              ...draft.owners.filter((owner) => owner.source === 'ingested'),
              ...owners.map((owner) => ({
                owner: owner.owner,
                kind: owner.owner.includes('corpGroup') ? ('group' as const) : ('user' as const),
                name: urnName(owner.owner),
                display_name: urnName(owner.owner),
                type: owner.type ?? 'TECHNICAL_OWNER',
                type_urn: '',
                type_label: ownershipLabel(owner.type ?? 'TECHNICAL_OWNER'),
                source: 'editable' as const,
              })),
            ];
          }),
        );
        try {
          const { data, meta } = await queryFulfilled;
          dispatch(
            datasetApi.util.updateQueryData('getDataset', urn, (draft) => {
              draft.owners = data;
              if (meta?.version !== undefined) draft.version = meta.version;
            }),
          );
        } catch {
          patch.undo();
        }
      },
      invalidatesTags: (_result, _error, { urn }) => [
        { type: 'History', id: urn },
        { type: 'Dataset', id: urn },
      ],
    }),
  }),
});

export const { useUpdateOwnersMutation } = updateOwnersApi;

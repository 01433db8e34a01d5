import { api, datasetUrl } from '@/lib/api';
import type { ImpactPage, ImpactRow } from '@/types/api';

export type ImpactType = ImpactRow['type'];

export interface ImpactArgs {
  urn: string;
  direction: 'upstream' | 'downstream';
  maxHops: number;
  types: ImpactType[];
  platforms: string[];
  limit?: number;
  offset?: number;
}

/** The query string of GET /datasets/{urn}/impact/ (also the CSV export's). */
export const impactParams = ({
  direction,
  maxHops,
  types,
  platforms,
  limit,
  offset,
}: ImpactArgs) => ({
  direction,
  max_hops: maxHops,
  type: types,
  platform: platforms,
  limit,
  offset,
});

/** GET /datasets/{urn}/impact/: everything a change to the dataset reaches, hop by hop. */
const impactApi = api.injectEndpoints({
  endpoints: (build) => ({
    getImpact: build.query<ImpactPage, ImpactArgs>({
      query: (args) => ({ url: datasetUrl(args.urn, 'impact/'), params: impactParams(args) }),
      providesTags: (_result, _error, { urn }) => [{ type: 'Lineage', id: urn }],
    }),
  }),
});

export const { useGetImpactQuery } = impactApi;

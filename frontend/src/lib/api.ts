/** The RTK Query API. Features add their endpoints with `api.injectEndpoints`, one call per
 * file (`features/<feature>/api/<call>.ts`); every request goes through `apiClient`. */
import type { BaseQueryFn } from '@reduxjs/toolkit/query';
import { createApi } from '@reduxjs/toolkit/query/react';
import type { AxiosRequestConfig } from 'axios';

import { apiClient } from './api-client';
import { type ApiError, toApiError } from './errors';

export interface RequestArgs {
  url: string;
  method?: AxiosRequestConfig['method'];
  data?: unknown;
  params?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** What a call learns besides its body: the dataset version its answer is at (the ETag). */
export interface ResponseMeta {
  version?: number;
}

/** `"12"` (or `W/"12"`) → 12. */
export const versionOfEtag = (etag: unknown): number | undefined => {
  const match = typeof etag === 'string' ? /^(?:W\/)?"(\d+)"$/.exec(etag) : null;
  return match ? Number(match[1]) : undefined;
};

/** The If-Match header of an edit made on `version` of a dataset. Every edit sends it, so an
 * edit made on an older version is refused (412) instead of overwriting a newer one. */
export const ifMatch = (version: number): Record<string, string> => ({
  'If-Match': `"${version}"`,
});

export const axiosBaseQuery: BaseQueryFn<
  RequestArgs,
  unknown,
  ApiError,
  object,
  ResponseMeta
> = async ({ url, method = 'GET', data, params, headers }) => {
  try {
    const response = await apiClient.request({ url, method, data, params, headers });
    return {
      data: response.data as unknown,
      meta: { version: versionOfEtag(response.headers.etag) },
    };
  } catch (error) {
    return { error: toApiError(error) };
  }
};

export const api = createApi({
  reducerPath: 'api',
  baseQuery: axiosBaseQuery,
  tagTypes: ['Dataset', 'History', 'Lineage', 'Owners'],
  endpoints: () => ({}),
});

/** `/datasets/<urn>/`: URNs travel percent-encoded, HDFS slashes included. */
export const datasetUrl = (urn: string, suffix = ''): string =>
  `/datasets/${encodeURIComponent(urn)}/${suffix}`;

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
}

export const axiosBaseQuery: BaseQueryFn<RequestArgs, unknown, ApiError> = async ({
  url,
  method = 'GET',
  data,
  params,
}) => {
  try {
    const response = await apiClient.request({ url, method, data, params });
    return { data: response.data as unknown };
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

/**
 * The one axios instance. The access token lives in this module's memory only (never in
 * localStorage); the refresh token is an HttpOnly cookie the browser sends to /auth/session/*.
 * On a 401 the client refreshes once (concurrent 401s share one refresh) and retries; when the
 * refresh is refused (401) it tells the app, which shows the login page.
 */
import axios, { type AxiosInstance, type InternalAxiosRequestConfig, isAxiosError } from 'axios';

import { env } from '@/config/env';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Calls that must not trigger the refresh-and-retry dance (the auth calls themselves). */
    skipAuthRefresh?: boolean;
    /** Set on the retry after a refresh, so a second 401 is final. */
    retried?: boolean;
  }
}

let accessToken: string | null = null;
let refreshing: Promise<string> | null = null;
let onSessionExpired: () => void = () => undefined;

export const getAccessToken = (): string | null => accessToken;
export const setAccessToken = (token: string | null): void => {
  accessToken = token;
};
export const setSessionExpiredHandler = (handler: () => void): void => {
  onSessionExpired = handler;
};

export const apiClient: AxiosInstance = axios.create({
  baseURL: env.apiBaseUrl,
  withCredentials: true,
  // The session endpoints refuse requests without it: a cross-site form cannot set it.
  headers: { 'X-Requested-With': 'XMLHttpRequest' },
  // DRF reads repeated or comma lists; send comma lists (`platform=hive,kafka`).
  paramsSerializer: {
    serialize: (params: Record<string, unknown>) => {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(params)) {
        if (value === undefined || value === null || value === '') continue;
        if (Array.isArray(value)) {
          if (value.length) query.set(key, value.join(','));
        } else {
          query.set(key, String(value));
        }
      }
      return query.toString();
    },
  },
});

apiClient.interceptors.request.use((config: InternalAxiosRequestConfig) => {
  if (accessToken && !config.skipAuthRefresh) {
    config.headers.set('Authorization', `Bearer ${accessToken}`);
  }
  return config;
});

/** Swaps the refresh cookie for a new access token; one request at a time. */
export const refreshAccessToken = (): Promise<string> => {
  refreshing ??= apiClient
    .post<{ access: string }>('/auth/session/refresh/', null, { skipAuthRefresh: true })
    .then((response) => {
      setAccessToken(response.data.access);
      return response.data.access;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
};

apiClient.interceptors.response.use(undefined, async (error: unknown) => {
  // isAxiosError, not instanceof: it also holds across duplicated axios copies (tests).
  if (!isAxiosError(error) || error.response?.status !== 401 || !error.config) {
    throw error;
  }
  const config = error.config;
  if (config.skipAuthRefresh || config.retried) {
    throw error;
  }
  try {
    await refreshAccessToken();
  } catch (refreshError) {
    // Only the refresh's own 401 ends the session. No answer (network, 5xx) says nothing about
    // it: the caller gets that failure to show, and the next call tries again.
    if (isAxiosError(refreshError) && refreshError.response?.status !== 401) throw refreshError;
    setAccessToken(null);
    onSessionExpired();
    throw error;
  }
  config.retried = true;
  return apiClient.request(config);
});

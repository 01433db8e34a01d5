import { apiClient } from '@/lib/api-client';
import type { Credentials, ResponseOf } from '@/types/api';

export type { Credentials };

/** POST /auth/session/: the access token comes back, the refresh token goes into a cookie. */
export const login = async (credentials: Credentials): Promise<string> => {
  const response = await apiClient.post<ResponseOf<'auth_session_create'>>(
    '/auth/session/',
    credentials,
    { skipAuthRefresh: true },
  );
  return response.data.access;
};

import { apiClient } from '@/lib/api-client';

export interface Credentials {
  username: string;
  password: string;
}

/** POST /auth/session/: the access token comes back, the refresh token goes into a cookie. */
export const login = async (credentials: Credentials): Promise<string> => {
  const response = await apiClient.post<{ access: string }>('/auth/session/', credentials, {
    skipAuthRefresh: true,
  });
  return response.data.access;
};

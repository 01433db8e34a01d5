import { apiClient } from '@/lib/api-client';

/** POST /auth/session/logout/: revokes the refresh cookie and clears it. */
export const logout = async (): Promise<void> => {
  await apiClient.post('/auth/session/logout/', null, { skipAuthRefresh: true });
};

import { apiClient } from '@/lib/api-client';
import type { Me } from '@/types/api';

/** GET /auth/me/: who is logged in, their role and groups (decides which edit controls show). */
export const getMe = async (): Promise<Me> => (await apiClient.get<Me>('/auth/me/')).data;

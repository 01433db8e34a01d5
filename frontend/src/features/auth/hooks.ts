import { useSelector } from 'react-redux';

import type { Me } from '@/types/api';

import { selectUser } from './auth-slice';

export const useCurrentUser = (): Me | null => useSelector(selectUser);

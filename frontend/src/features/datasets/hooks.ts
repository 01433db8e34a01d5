import { useSelector } from 'react-redux';

import type { DatasetDetail, Me } from '@/types/api';

import { canEditDataset } from './permissions';

interface WithUser {
  auth: { user: Me | null };
}

/** Whether to show edit controls on this dataset for whoever is logged in. */
export const useCurrentUserCanEdit = (dataset: DatasetDetail | undefined): boolean => {
  const user = useSelector((state: WithUser) => state.auth.user);
  return canEditDataset(user, dataset);
};

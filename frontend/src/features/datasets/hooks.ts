import { App } from 'antd';
import { useEffect } from 'react';
import { useSelector } from 'react-redux';
import { useBlocker } from 'react-router';

import type { DatasetDetail, Me } from '@/types/api';

import { useHasDrafts } from './drafts';
import { canEditDataset } from './permissions';

interface WithUser {
  auth: { user: Me | null };
}

/** Whether to show edit controls on this dataset for whoever is logged in. */
export const useCurrentUserCanEdit = (dataset: DatasetDetail | undefined): boolean => {
  const user = useSelector((state: WithUser) => state.auth.user);
  return canEditDataset(user, dataset);
};

/** The path of this dataset's page (any tab), compared decoded: a URN has `/` and `,` in it. */
const onDatasetPage = (pathname: string, urn: string): boolean => {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  const page = `/dataset/${urn}`;
  return path === page || path.startsWith(`${page}/`);
};

/** Warns before leaving a dataset with unsaved drafts: the browser's own prompt on a reload or
 * close, a confirm on a link inside the app. Switching tabs of the same dataset is not leaving
 * (drafts come back), and neither is the login page after the session ended: the draft is kept
 * and restored once the person is back. */
export const useLeaveGuard = (urn: string): void => {
  const dirty = useHasDrafts(urn);
  const { modal } = App.useApp();

  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = ''; // Chrome < 119 and Safari still need it set
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const blocker = useBlocker(
    ({ nextLocation }) =>
      dirty && nextLocation.pathname !== '/login' && !onDatasetPage(nextLocation.pathname, urn),
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    const dialog = modal.confirm({
      title: 'Leave with unsaved changes?',
      content:
        'Your draft stays in this browser tab until you save or discard it, but it is not saved yet.',
      okText: 'Leave',
      cancelText: 'Stay',
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
    return () => dialog.destroy();
  }, [blocker, modal]);
};

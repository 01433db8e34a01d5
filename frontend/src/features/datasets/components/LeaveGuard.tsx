import { Modal } from 'antd';
import { useEffect } from 'react';
import { useBlocker } from 'react-router';

import { useHasDrafts } from '../drafts';

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
export function LeaveGuard({ urn }: { urn: string }) {
  const dirty = useHasDrafts(urn);

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

  return (
    <Modal
      open={blocker.state === 'blocked'}
      title="Leave with unsaved changes?"
      okText="Leave"
      cancelText="Stay"
      onOk={() => blocker.proceed?.()}
      onCancel={() => blocker.reset?.()}
    >
      Your draft stays in this browser tab until you save or discard it, but it is not saved yet.
    </Modal>
  );
}

import type { ReactNode } from 'react';
import { useSelector } from 'react-redux';
import { Navigate, useLocation } from 'react-router';

import { selectAuth } from '@/features/auth/auth-slice';
import { ApiUnreachable } from '@/features/auth/components/ApiUnreachable';
import { PageSpinner } from '@/components/PageSpinner';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useSelector(selectAuth);
  const location = useLocation();
  if (status === 'restoring') return <PageSpinner tip="Restoring your session…" />;
  if (status === 'unreachable') return <ApiUnreachable />;
  if (status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

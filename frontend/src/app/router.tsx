import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';

import { PageSpinner } from '@/components/PageSpinner';
import { RouteError } from '@/components/RouteError';
import { LoginPage } from '@/features/auth/components/LoginPage';

import { RequireAuth } from './RequireAuth';

// Everything behind the login loads on demand, so the first screen ships little JS.
const AppLayout = lazy(() => import('./AppLayout'));
const HomePage = lazy(() => import('./HomePage'));
const SearchPage = lazy(() => import('@/features/search/components/SearchPage'));
const BrowsePage = lazy(() => import('@/features/browse/components/BrowsePage'));
const DatasetRoute = lazy(() => import('./DatasetRoute'));

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    element: (
      <RequireAuth>
        <Suspense fallback={<PageSpinner />}>
          <AppLayout />
        </Suspense>
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'browse/*', element: <BrowsePage /> },
      { path: 'dataset/:urn/:tab?', element: <DatasetRoute /> },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

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
const LineageExplorerRoute = lazy(() => import('./LineageExplorerRoute'));
const TagPage = lazy(() => import('@/features/entities/components/TagPage'));
const GlossaryPage = lazy(() => import('@/features/entities/components/GlossaryPage'));
const GlossaryTermPage = lazy(() => import('@/features/entities/components/GlossaryTermPage'));
const GlossaryNodePage = lazy(() => import('@/features/entities/components/GlossaryNodePage'));
const PersonPage = lazy(() => import('@/features/entities/components/PersonPage'));
const GroupPage = lazy(() => import('@/features/entities/components/GroupPage'));
const DomainPage = lazy(() => import('@/features/entities/components/DomainPage'));
const ContainerPage = lazy(() => import('@/features/entities/components/ContainerPage'));
const PipelinePage = lazy(() => import('@/features/entities/components/PipelinePage'));
const JobPage = lazy(() => import('@/features/entities/components/JobPage'));
const DashboardPage = lazy(() => import('@/features/entities/components/DashboardPage'));
const ChartPage = lazy(() => import('@/features/entities/components/ChartPage'));

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
      { path: 'dataset/:urn/lineage/explore', element: <LineageExplorerRoute /> },
      { path: 'dataset/:urn/:tab?', element: <DatasetRoute /> },
      { path: 'tag/:name', element: <TagPage /> },
      { path: 'glossary', element: <GlossaryPage /> },
      { path: 'glossary/:name', element: <GlossaryTermPage /> },
      { path: 'glossary-node/:name', element: <GlossaryNodePage /> },
      { path: 'person/:username', element: <PersonPage /> },
      { path: 'group/:name', element: <GroupPage /> },
      { path: 'domain/:name', element: <DomainPage /> },
      { path: 'container/:urn', element: <ContainerPage /> },
      { path: 'pipeline/:urn', element: <PipelinePage /> },
      { path: 'job/:urn', element: <JobPage /> },
      { path: 'dashboard/:urn', element: <DashboardPage /> },
      { path: 'chart/:urn', element: <ChartPage /> },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

import { ApiOutlined, BookOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { Layout } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';

import { PageSpinner } from '@/components/PageSpinner';
import { env } from '@/config/env';
import { UserMenu } from '@/features/auth/components/UserMenu';
import { SearchBox } from '@/features/search/components/SearchBox';
import { glossaryPath } from '@/lib/routes';

export default function AppLayout() {
  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <Link to="/" className="app-logo" aria-label="MDT home">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="app-logo-text">MDT</span>
        </Link>
        <div className="app-header-search">
          <SearchBox />
        </div>
        <nav className="app-header-links">
          <Link to="/browse" title="Browse datasets">
            <FolderOpenOutlined /> <span className="hide-narrow">Browse</span>
          </Link>
          <Link to={glossaryPath()} title="Business glossary">
            <BookOutlined /> <span className="hide-narrow">Glossary</span>
          </Link>
          <a href={env.swaggerUrl} target="_blank" rel="noreferrer" title="API docs (Swagger)">
            <ApiOutlined /> <span className="hide-narrow">API docs</span>
          </a>
          <UserMenu />
        </nav>
      </Layout.Header>
      <Layout.Content className="app-content">
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}

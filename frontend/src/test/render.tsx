import { App as AntApp } from 'antd';
import { Provider } from 'react-redux';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { render } from '@testing-library/react';

import { makeStore } from '@/app/store';

/** Renders routes with a fresh store and a memory router at `url`. */
export function renderRoutes(routes: RouteObject[], url: string) {
  const store = makeStore();
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const view = render(
    <Provider store={store}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </Provider>,
  );
  return { ...view, store, router };
}

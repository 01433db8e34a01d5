import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { LoginPage } from '@/features/auth/components/LoginPage';
import { restoreSession } from '@/features/auth/auth-slice';
import { apiClient, setAccessToken } from '@/lib/api-client';
import { renderRoutes } from '@/test/render';

import { RequireAuth } from './RequireAuth';

const ME = {
  username: 'admin',
  urn: 'urn:li:corpuser:admin',
  role: 'admin',
  can_edit_any: true,
  groups: [],
};

/** A reload of a dataset page: the app asks who is logged in before it shows anything. */
const reload = async () => {
  const view = renderRoutes(
    [
      { path: '/login', element: <LoginPage /> },
      {
        path: '/dataset/:urn',
        element: (
          <RequireAuth>
            <p>Dataset page</p>
          </RequireAuth>
        ),
      },
    ],
    '/dataset/x',
  );
  await view.store.dispatch(restoreSession());
  return view;
};

describe('RequireAuth', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => {
    mock.restore();
    setAccessToken(null);
  });

  it('says the API cannot be reached, not "log in", and retries', async () => {
    mock.onPost('/auth/session/refresh/').networkErrorOnce();
    const { router } = await reload();
    expect(await screen.findByText("Can't reach MDT")).toBeInTheDocument();
    expect(screen.queryByLabelText('Username')).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/dataset/x');

    mock.onPost('/auth/session/refresh/').reply(200, { access: 'tok' });
    mock.onGet('/auth/me/').reply(200, ME);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Dataset page')).toBeInTheDocument();
  });

  it('says so on a 5xx too', async () => {
    mock.onPost('/auth/session/refresh/').reply(500);
    await reload();
    expect(await screen.findByText("Can't reach MDT")).toBeInTheDocument();
    expect(screen.queryByLabelText('Username')).not.toBeInTheDocument();
  });

  it('shows the login form only for a 401', async () => {
    mock
      .onPost('/auth/session/refresh/')
      .reply(401, { error: { code: 'not_authenticated', message: 'No session', fields: {} } });
    const { router } = await reload();
    expect(await screen.findByLabelText('Username')).toBeInTheDocument();
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/dataset/x')}`);
    expect(screen.queryByText("Can't reach MDT")).not.toBeInTheDocument();
  });
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient, setAccessToken } from '@/lib/api-client';
import { renderRoutes } from '@/test/render';

import { LoginPage } from './LoginPage';

const ME = {
  username: 'admin',
  urn: 'urn:li:corpuser:admin',
  role: 'admin',
  can_edit_any: true,
  groups: [],
};

const logInAt = async (url: string) => {
  const view = renderRoutes(
    [
      { path: '/login', element: <LoginPage /> },
      { path: '/', element: <p>Home page</p> },
      { path: '*', element: <p>Somewhere else</p> },
    ],
    url,
  );
  await userEvent.type(screen.getByLabelText('Username'), 'admin');
  await userEvent.type(screen.getByLabelText('Password'), 'secret');
  await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
  return view;
};

describe('LoginPage', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
    mock.onPost('/auth/session/').reply(200, { access: 'tok' });
    mock.onGet('/auth/me/').reply(200, ME);
  });
  afterEach(() => {
    mock.restore();
    setAccessToken(null);
  });

  it('goes on to the page that sent you here', async () => {
    // RequireAuth sends the location as it is, percent-encoded once more.
    const { router } = await logInAt(`/login?next=${encodeURIComponent('/search?q=a%20b')}`);
    await waitFor(() => expect(router.state.location.pathname).toBe('/search'));
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('a b');
  });

  it.each(['/%5Cevil.example/', '/%09/host', '//evil.example', 'https://evil.example'])(
    'goes home for next=%s',
    async (next) => {
      const { router } = await logInAt(`/login?next=${next}`);
      expect(await screen.findByText('Home page')).toBeInTheDocument();
      expect(router.state.location.pathname).toBe('/');
    },
  );
});

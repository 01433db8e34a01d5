import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeStore } from '@/app/store';
import { apiClient, getAccessToken, setAccessToken } from '@/lib/api-client';

import { logIn, logOut, restoreSession } from './auth-slice';

const ME = {
  username: 'admin',
  urn: 'urn:li:corpuser:admin',
  role: 'admin',
  can_edit_any: true,
  groups: [],
};

describe('auth slice', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
    setAccessToken(null);
  });
  afterEach(() => mock.restore());

  it('restores a session from the refresh cookie on load', async () => {
    mock.onPost('/auth/session/refresh/').reply(200, { access: 'tok' });
    mock.onGet('/auth/me/').reply(200, ME);
    const store = makeStore();
    expect(store.getState().auth.status).toBe('restoring');
    await store.dispatch(restoreSession());
    expect(store.getState().auth).toMatchObject({ status: 'authenticated', user: ME });
    expect(getAccessToken()).toBe('tok');
  });

  it('is anonymous when there is no cookie', async () => {
    mock
      .onPost('/auth/session/refresh/')
      .reply(401, { error: { code: 'not_authenticated', message: 'x', fields: {} } });
    const store = makeStore();
    await store.dispatch(restoreSession());
    expect(store.getState().auth).toMatchObject({ status: 'anonymous', user: null });
  });

  it.each([
    ['the network fails', (m: MockAdapter) => m.onPost('/auth/session/refresh/').networkError()],
    ['the API answers 503', (m: MockAdapter) => m.onPost('/auth/session/refresh/').reply(503)],
    [
      'who-am-I answers 502',
      (m: MockAdapter) => {
        m.onPost('/auth/session/refresh/').reply(200, { access: 'tok' });
        m.onGet('/auth/me/').reply(502);
      },
    ],
  ])('is unreachable, not anonymous, when %s', async (_, arrange) => {
    arrange(mock);
    const store = makeStore();
    await store.dispatch(restoreSession());
    expect(store.getState().auth).toMatchObject({ status: 'unreachable', user: null });
  });

  it('logs in, reports a wrong password, and logs out', async () => {
    const store = makeStore();
    mock
      .onPost('/auth/session/')
      .replyOnce(401, { error: { code: 'no_active_account', message: 'x', fields: {} } });
    await store.dispatch(logIn({ username: 'admin', password: 'bad' }));
    expect(store.getState().auth).toMatchObject({
      status: 'restoring',
      error: 'Wrong username or password.',
    });

    mock.onPost('/auth/session/').reply(200, { access: 'tok' });
    mock.onGet('/auth/me/').reply(200, ME);
    await store.dispatch(logIn({ username: 'admin', password: 'mdt-demo' }));
    expect(store.getState().auth).toMatchObject({ status: 'authenticated', error: null });
    expect(mock.history.post[1]?.data).toBe(
      JSON.stringify({ username: 'admin', password: 'mdt-demo' }),
    );

    sessionStorage.setItem('mdt:draft:urn:li:dataset:x:docs', '{}');
    mock.onPost('/auth/session/logout/').reply(204);
    await store.dispatch(logOut());
    expect(store.getState().auth).toMatchObject({ status: 'anonymous', user: null });
    expect(getAccessToken()).toBeNull();
    // The next person to log in on this tab does not get this person's drafts.
    expect(sessionStorage.getItem('mdt:draft:urn:li:dataset:x:docs')).toBeNull();
  });
});

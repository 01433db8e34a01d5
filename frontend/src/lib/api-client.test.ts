import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { apiClient, getAccessToken, setAccessToken, setSessionExpiredHandler } from './api-client';
import { toApiError } from './errors';

describe('apiClient', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
    setAccessToken(null);
  });
  afterEach(() => mock.restore());

  it('sends the in-memory access token and the CSRF header', async () => {
    setAccessToken('abc');
    mock
      .onGet('/auth/me/')
      .reply((config) => [
        200,
        { auth: config.headers?.Authorization, xhr: config.headers?.['X-Requested-With'] },
      ]);
    const { data } = await apiClient.get<{ auth: string; xhr: string }>('/auth/me/');
    expect(data).toEqual({ auth: 'Bearer abc', xhr: 'XMLHttpRequest' });
  });

  it('refreshes once on 401 and retries with the new token, for concurrent calls too', async () => {
    setAccessToken('old');
    let refreshes = 0;
    mock.onPost('/auth/session/refresh/').reply(() => {
      refreshes += 1;
      return [200, { access: 'new' }];
    });
    mock
      .onGet(/\/datasets\/.*/)
      .reply((config) =>
        config.headers?.Authorization === 'Bearer new' ? [200, { ok: true }] : [401, {}],
      );
    const [a, b] = await Promise.all([
      apiClient.get('/datasets/a/'),
      apiClient.get('/datasets/b/'),
    ]);
    expect(a.data).toEqual({ ok: true });
    expect(b.data).toEqual({ ok: true });
    expect(refreshes).toBe(1);
    expect(getAccessToken()).toBe('new');
  });

  it('ends the session when the refresh fails, without looping', async () => {
    setAccessToken('old');
    const expired = vi.fn();
    setSessionExpiredHandler(expired);
    mock.onPost('/auth/session/refresh/').reply(401, {
      error: { code: 'token_not_valid', message: 'expired', fields: {} },
    });
    mock.onGet('/datasets/').reply(401, {
      error: { code: 'not_authenticated', message: 'no', fields: {} },
    });
    await expect(apiClient.get('/datasets/')).rejects.toMatchObject({ response: { status: 401 } });
    expect(expired).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBeNull();
    expect(mock.history.post).toHaveLength(1);
  });

  it('keeps the session when the refresh gets no answer, and says why the call failed', async () => {
    setAccessToken('old');
    const expired = vi.fn();
    setSessionExpiredHandler(expired);
    mock.onPost('/auth/session/refresh/').networkError();
    mock.onGet('/datasets/').reply(401, {
      error: { code: 'not_authenticated', message: 'no', fields: {} },
    });
    const error = await apiClient.get('/datasets/').catch((e: unknown) => e);
    expect(toApiError(error)).toMatchObject({ status: 0, code: 'network' });
    expect(expired).not.toHaveBeenCalled();
  });

  it('sends lists as comma-separated query values', async () => {
    mock.onGet('/search/').reply((config) => [200, { url: apiClient.getUri(config) }]);
    const { data } = await apiClient.get<{ url: string }>('/search/', {
      params: { q: 'x', platform: ['hive', 'kafka'], tag: [], owner: undefined },
    });
    expect(data.url).toContain('q=x&platform=hive%2Ckafka');
    expect(data.url).not.toContain('tag=');
  });

  it('turns the API error shape into field messages', async () => {
    mock.onPatch('/datasets/x/').reply(400, {
      error: {
        code: 'invalid',
        message: 'tags: This field may not be blank.',
        fields: { tags: { '0': ['This field may not be blank.'] }, status: ['bad'] },
      },
    });
    const error = await apiClient.patch('/datasets/x/', {}).catch((e: unknown) => e);
    expect(toApiError(error)).toEqual({
      status: 400,
      code: 'invalid',
      message: 'tags: This field may not be blank.',
      fields: { tags: ['This field may not be blank.'], status: ['bad'] },
    });
  });
});

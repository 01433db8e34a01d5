import { createAsyncThunk, createSlice } from '@reduxjs/toolkit';

import { api } from '@/lib/api';
import { refreshAccessToken, setAccessToken } from '@/lib/api-client';
import { forgetDrafts } from '@/lib/draft-storage';
import { toApiError } from '@/lib/errors';
import type { Me } from '@/types/api';

import { getMe } from './api/get-me';
import { type Credentials, login } from './api/login';
import { logout } from './api/logout';

/** `unreachable`: the session check got no answer (network error, 5xx, a gateway's 4xx), so
 * nobody knows yet whether the user is logged in; only a 401 means "log in". */
export type AuthStatus = 'restoring' | 'authenticated' | 'anonymous' | 'unreachable';

export interface AuthState {
  status: AuthStatus;
  user: Me | null;
  loggingIn: boolean;
  error: string | null;
}

const initialState: AuthState = { status: 'restoring', user: null, loggingIn: false, error: null };

/** On page load: the HttpOnly refresh cookie (if any) buys a new access token. No cookie, or
 * a dead one, is a 401; any other failure says nothing about the session and is rejected. */
export const restoreSession = createAsyncThunk<Me | null, void, { rejectValue: string }>(
  'auth/restore',
  async (_, { rejectWithValue }) => {
    try {
      await refreshAccessToken();
      return await getMe();
    } catch (error) {
      const apiError = toApiError(error);
      return apiError.status === 401 ? null : rejectWithValue(apiError.message);
    }
  },
);

export const logIn = createAsyncThunk<Me, Credentials, { rejectValue: string }>(
  'auth/login',
  async (credentials, { dispatch, rejectWithValue }) => {
    // A new user must not see the previous one's cached answers. Cleared here rather than at
    // logout: resetting while pages are still mounted makes them refetch without a token.
    dispatch(api.util.resetApiState());
    try {
      setAccessToken(await login(credentials));
      return await getMe();
    } catch (error) {
      const apiError = toApiError(error);
      return rejectWithValue(
        apiError.status === 401 ? 'Wrong username or password.' : apiError.message,
      );
    }
  },
);

export const logOut = createAsyncThunk('auth/logout', async () => {
  try {
    await logout();
  } finally {
    setAccessToken(null);
    forgetDrafts(); // a logout ends this person's drafts; an expired session keeps them
  }
});

export const authSlice = createSlice({
  name: 'auth',
  initialState,
  reducers: {
    sessionExpired: (state) => {
      state.status = 'anonymous';
      state.user = null;
      state.error = 'Your session has ended: please log in again.';
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(restoreSession.pending, (state) => {
        state.status = 'restoring';
        state.error = null;
      })
      .addCase(restoreSession.fulfilled, (state, action) => {
        state.user = action.payload;
        state.status = action.payload ? 'authenticated' : 'anonymous';
      })
      .addCase(restoreSession.rejected, (state, action) => {
        state.user = null;
        state.status = 'unreachable';
        state.error = action.payload ?? 'The server cannot be reached.';
      })
      .addCase(logIn.pending, (state) => {
        state.loggingIn = true;
        state.error = null;
      })
      .addCase(logIn.fulfilled, (state, action) => {
        state.loggingIn = false;
        state.user = action.payload;
        state.status = 'authenticated';
      })
      .addCase(logIn.rejected, (state, action) => {
        state.loggingIn = false;
        state.error = action.payload ?? 'Login failed.';
      })
      .addCase(logOut.fulfilled, () => ({ ...initialState, status: 'anonymous' }))
      .addCase(logOut.rejected, () => ({ ...initialState, status: 'anonymous' }));
  },
});

export const { sessionExpired } = authSlice.actions;

interface WithAuth {
  auth: AuthState;
}
export const selectAuth = (state: WithAuth): AuthState => state.auth;
export const selectUser = (state: WithAuth): Me | null => state.auth.user;

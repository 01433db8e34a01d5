import { configureStore } from '@reduxjs/toolkit';

import { authSlice, sessionExpired } from '@/features/auth/auth-slice';
import { lineageSlice } from '@/features/lineage/lineage-slice';
import { api } from '@/lib/api';
import { setSessionExpiredHandler } from '@/lib/api-client';

export const makeStore = () => {
  const store = configureStore({
    reducer: {
      auth: authSlice.reducer,
      lineage: lineageSlice.reducer,
      [api.reducerPath]: api.reducer,
    },
    middleware: (getDefault) => getDefault().concat(api.middleware),
  });
  setSessionExpiredHandler(() => {
    if (store.getState().auth.status === 'authenticated') store.dispatch(sessionExpired());
  });
  return store;
};

export type AppStore = ReturnType<typeof makeStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];

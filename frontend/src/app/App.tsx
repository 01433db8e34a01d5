import { App as AntApp, ConfigProvider } from 'antd';
import { useEffect, useState } from 'react';
import { Provider } from 'react-redux';
import { RouterProvider } from 'react-router';

import { restoreSession } from '@/features/auth/auth-slice';

import { router } from './router';
import { makeStore } from './store';

export function App() {
  const [store] = useState(makeStore);
  useEffect(() => {
    void store.dispatch(restoreSession());
  }, [store]);
  return (
    <Provider store={store}>
      <ConfigProvider theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </Provider>
  );
}

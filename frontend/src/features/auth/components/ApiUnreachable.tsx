import { Button, Result } from 'antd';
import { useDispatch, useSelector } from 'react-redux';

import { restoreSession, selectAuth } from '../auth-slice';
import type { AuthDispatch } from '../types';

/** In place of the page (and of the login form) while the session check gets no answer: a
 * login form would suggest the user was logged out, and logging in could not work anyway. */
export function ApiUnreachable() {
  const dispatch = useDispatch<AuthDispatch>();
  const { error } = useSelector(selectAuth);
  return (
    <Result
      status="warning"
      title="Can't reach MDT"
      subTitle={
        <>
          {error ?? 'The server cannot be reached.'} Check your connection, or try again in a
          moment.
        </>
      }
      extra={
        <Button type="primary" onClick={() => void dispatch(restoreSession())}>
          Retry
        </Button>
      }
    />
  );
}

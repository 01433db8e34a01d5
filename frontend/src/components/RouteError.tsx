import { Button, Result } from 'antd';
import { isRouteErrorResponse, useRouteError } from 'react-router';

export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unexpected error';
  return (
    <Result
      status="error"
      title="This page crashed"
      subTitle={message}
      extra={
        <Button type="primary" href="/">
          Back to the start
        </Button>
      }
    />
  );
}

import { Button, Result } from 'antd';

import { isApiError } from '@/lib/errors';

interface Props {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** A failed load: the API's message, a 404 said as such, and a retry. */
export function ErrorState({ error, title, onRetry }: Props) {
  const apiError = isApiError(error) ? error : null;
  const notFound = apiError?.status === 404;
  return (
    <Result
      status={notFound ? '404' : 'warning'}
      title={title ?? (notFound ? 'Not found' : 'Something went wrong')}
      subTitle={apiError?.message ?? 'The request failed.'}
      extra={
        onRetry && !notFound ? (
          <Button type="primary" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    />
  );
}

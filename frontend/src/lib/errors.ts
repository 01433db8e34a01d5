import { isAxiosError } from 'axios';

import type { ApiErrorBody } from '@/types/api';

/** What every failed call turns into: the API's error shape plus the HTTP status. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  /** Field name → messages (nested lists of the API flattened to strings). */
  fields: Record<string, string[]>;
}

const flatten = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) =>
      flatten(inner).map((message) => (/^\d+$/.test(key) ? message : `${key}: ${message}`)),
    );
  }
  return [];
};

const isErrorBody = (data: unknown): data is ApiErrorBody =>
  typeof data === 'object' &&
  data !== null &&
  'error' in data &&
  typeof (data as ApiErrorBody).error === 'object';

export const toApiError = (error: unknown): ApiError => {
  if (isAxiosError(error)) {
    const status = error.response?.status ?? 0;
    const data: unknown = error.response?.data;
    if (isErrorBody(data)) {
      const fields = Object.fromEntries(
        Object.entries(data.error.fields ?? {}).map(([key, value]) => [key, flatten(value)]),
      );
      return { status, code: data.error.code, message: data.error.message, fields };
    }
    if (!error.response) {
      return { status: 0, code: 'network', message: 'The server cannot be reached.', fields: {} };
    }
    return { status, code: `http_${status}`, message: error.message, fields: {} };
  }
  return {
    status: 0,
    code: 'unknown',
    message: error instanceof Error ? error.message : 'Something went wrong.',
    fields: {},
  };
};

export const isApiError = (value: unknown): value is ApiError =>
  typeof value === 'object' &&
  value !== null &&
  'status' in value &&
  'code' in value &&
  'message' in value &&
  'fields' in value;

/** Messages for one field, for `Form.Item help`. */
export const fieldErrors = (error: unknown, field: string): string[] =>
  isApiError(error) ? (error.fields[field] ?? []) : [];

/** Messages about `field` anywhere in the error, nested ones (`edits.0.description`) included. */
export const messagesFor = (error: unknown, field: string): string[] => {
  if (!isApiError(error)) return [];
  const direct = error.fields[field] ?? [];
  const nested = Object.values(error.fields)
    .flat()
    .filter((message) => message.includes(`${field}: `))
    .map((message) => message.slice(message.lastIndexOf(`${field}: `) + field.length + 2));
  return [...direct, ...nested];
};

/** One sentence for an Alert, whatever failed. */
export const errorMessage = (error: unknown): string => {
  if (isApiError(error)) return error.message;
  if (error && typeof error === 'object' && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return 'Something went wrong.';
};

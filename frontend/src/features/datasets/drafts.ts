/**
 * Unsaved edits, kept in sessionStorage from the first keystroke until they are saved or
 * discarded, so a tab switch, a reload or a re-login after the session ended loses nothing.
 * sessionStorage, not localStorage: a draft belongs to this browser tab and goes with it, and
 * nothing of it outlives the tab on a shared machine.
 *
 * A draft remembers what it was written against: the dataset `version` (sent as If-Match on
 * save, so a draft restored hours later cannot silently overwrite someone else's change) and
 * the `base` value it started from (a 412 whose newer value still equals `base` changed
 * something else, and the draft can be re-saved on the new version without asking).
 */
import { useCallback, useSyncExternalStore } from 'react';

import { DRAFT_PREFIX } from '@/lib/draft-storage';

export interface Draft<T> {
  value: T;
  base: T;
  version: number;
}

const PREFIX = DRAFT_PREFIX;

/** `docs`, `owners`, `labels` (tags, glossary terms, domain), or `field:<field path>`. */
export type DraftPart = 'docs' | 'owners' | 'labels' | `field:${string}`;

export const draftKey = (urn: string, part: DraftPart): string => `${PREFIX}${urn}:${part}`;

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

const storage = (): Storage | null => {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: drafts live only as long as the editor
  }
};

const isDraft = (value: unknown): value is Draft<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  'value' in value &&
  'base' in value &&
  typeof (value as Draft<unknown>).version === 'number';

export const loadDraft = <T>(urn: string, part: DraftPart): Draft<T> | null => {
  const text = storage()?.getItem(draftKey(urn, part));
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return isDraft(parsed) ? (parsed as Draft<T>) : null;
  } catch {
    return null;
  }
};

export const clearDraft = (urn: string, part: DraftPart): void => {
  storage()?.removeItem(draftKey(urn, part));
  notify();
};

/** Stores the draft; one equal to its base is no draft at all and is removed. */
export const saveDraft = <T>(urn: string, part: DraftPart, draft: Draft<T>): void => {
  if (JSON.stringify(draft.value) === JSON.stringify(draft.base)) {
    clearDraft(urn, part);
    return;
  }
  try {
    storage()?.setItem(draftKey(urn, part), JSON.stringify(draft));
  } catch {
    // quota exceeded: the editor still holds the text, only the safety net is missing
  }
  notify();
};

/** Whether any edit of this dataset is unsaved. */
export const hasDrafts = (urn: string): boolean => {
  const store = storage();
  if (!store) return false;
  const prefix = `${PREFIX}${urn}:`;
  for (let index = 0; index < store.length; index += 1) {
    if (store.key(index)?.startsWith(prefix)) return true;
  }
  return false;
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

/** `hasDrafts(urn)`, re-rendering when a draft is saved or cleared. */
export const useHasDrafts = (urn: string): boolean =>
  useSyncExternalStore(
    subscribe,
    useCallback(() => hasDrafts(urn), [urn]),
  );

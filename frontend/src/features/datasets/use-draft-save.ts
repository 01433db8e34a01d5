/**
 * Saving a dialog's draft (./drafts) with If-Match, the same way for every dialog that edits one
 * part of a dataset (owners, labels, a field):
 *
 * - the draft remembers the value and version it started from (`base`);
 * - a save sends the base's version; success clears the draft;
 * - a 412 refetches the dataset: when this part still equals the base, someone changed another
 *   part and the draft is saved again on the new version without asking; otherwise the current
 *   value becomes `conflict`, shown beside the draft until the person keeps theirs (saved on the
 *   new version) or takes the other.
 */
import isEqual from 'lodash/isEqual';
import { useState } from 'react';

import { isApiError } from '@/lib/errors';
import type { DatasetDetail } from '@/types/api';

import { useLazyGetDatasetQuery } from './api/get-dataset';
import { type DraftPart, clearDraft, loadDraft, saveDraft } from './drafts';

export interface Based<T> {
  value: T;
  version: number;
}

export interface DraftSaveOptions<T> {
  urn: string;
  part: DraftPart;
  /** The part's value and version as the dialog opened on them, when no draft is kept. */
  start: Based<T>;
  /** Sends the value with If-Match `version`; rejects with the API's error. */
  send: (value: T, version: number) => Promise<unknown>;
  /** This part of a refetched dataset; null when it is gone (the save is then left as failed). */
  read: (dataset: DatasetDetail) => T | null;
  /** Clears the mutation's error before a second attempt. */
  resetError: () => void;
  onSaved: () => void;
}

export function useDraftSave<T>({
  urn,
  part,
  start,
  send,
  read,
  resetError,
  onSaved,
}: DraftSaveOptions<T>) {
  const [fetchDataset] = useLazyGetDatasetQuery();
  const [kept] = useState(() => loadDraft<T>(urn, part));
  const [base, setBase] = useState<Based<T>>(
    kept ? { value: kept.base, version: kept.version } : start,
  );
  const [conflict, setConflict] = useState<Based<T> | null>(null);

  const rebase = (value: T, on: Based<T>) => {
    setBase(on);
    saveDraft(urn, part, { value, base: on.value, version: on.version });
  };

  const submit = async (value: T, on: Based<T>): Promise<void> => {
    try {
      await send(value, on.version);
      clearDraft(urn, part);
      onSaved();
    } catch (failure) {
      if (!isApiError(failure) || failure.status !== 412) return; // the dialog shows the error
      resetError();
      let now: Based<T>;
      try {
        const current = await fetchDataset(urn).unwrap();
        const value = read(current);
        if (value === null) return;
        now = { value, version: current.version };
      } catch {
        return;
      }
      if (isEqual(now.value, on.value) && now.version !== on.version) {
        rebase(value, now); // someone changed something else: the draft still applies
        await submit(value, now);
      } else {
        setConflict(now);
      }
    }
  };

  return {
    /** The draft restored when the dialog opened, if any. */
    kept,
    /** The value the dialog starts with: the kept draft, else `start`. */
    initial: kept?.value ?? start.value,
    conflict,
    /** Keeps an edit as the draft, against the current base. */
    keep: (value: T) => saveDraft(urn, part, { value, base: base.value, version: base.version }),
    save: (value: T) => submit(value, base),
    /** Saves `value` over the value in conflict, on its version. */
    keepMine: (value: T) => {
      if (!conflict) return;
      rebase(value, conflict);
      setConflict(null);
      void submit(value, conflict);
    },
    discard: () => clearDraft(urn, part),
  };
}

/**
 * Where the dataset pages keep unsaved drafts (sessionStorage keys under `DRAFT_PREFIX`, see
 * features/datasets/drafts.ts). Here, not there, so logging out can forget them without the
 * auth feature importing the datasets feature: a draft survives a session that ended (the
 * same person logs in again) but not a logout (the next person on this tab must not see it).
 */
export const DRAFT_PREFIX = 'mdt:draft:';

export const forgetDrafts = (): void => {
  let storage: Storage;
  try {
    storage = window.sessionStorage;
  } catch {
    return; // storage disabled: nothing was kept
  }
  const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index));
  keys.filter((key) => key?.startsWith(DRAFT_PREFIX)).forEach((key) => storage.removeItem(key!));
};

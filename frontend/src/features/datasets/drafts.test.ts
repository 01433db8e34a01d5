import { afterEach, describe, expect, it } from 'vitest';

import { clearDraft, draftKey, hasDrafts, loadDraft, saveDraft } from './drafts';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hdfs,/data/x,PROD)';
const OTHER = 'urn:li:dataset:(urn:li:dataPlatform:hdfs,/data/y,PROD)';

describe('drafts', () => {
  afterEach(() => sessionStorage.clear());

  it('keeps a draft per dataset and part in sessionStorage', () => {
    saveDraft(URN, 'docs', { value: 'mine', base: 'old', version: 3 });
    saveDraft(URN, 'field:a.b', { value: 'desc', base: '', version: 3 });
    expect(sessionStorage.getItem(`mdt:draft:${URN}:docs`)).not.toBeNull();
    expect(draftKey(URN, 'field:a.b')).toBe(`mdt:draft:${URN}:field:a.b`);
    expect(loadDraft(URN, 'docs')).toEqual({ value: 'mine', base: 'old', version: 3 });
    expect(loadDraft(URN, 'field:a.b')).toEqual({ value: 'desc', base: '', version: 3 });
    expect(loadDraft(OTHER, 'docs')).toBeNull();
    expect(hasDrafts(URN)).toBe(true);
    expect(hasDrafts(OTHER)).toBe(false);
  });

  it('drops a draft that is back to where it started, and one that is cleared', () => {
    saveDraft(URN, 'docs', { value: 'mine', base: 'old', version: 3 });
    saveDraft(URN, 'docs', { value: 'old', base: 'old', version: 3 });
    expect(loadDraft(URN, 'docs')).toBeNull();
    saveDraft(URN, 'docs', { value: 'mine', base: 'old', version: 3 });
    clearDraft(URN, 'docs');
    expect(loadDraft(URN, 'docs')).toBeNull();
    expect(hasDrafts(URN)).toBe(false);
  });

  it('ignores what is not a draft', () => {
    sessionStorage.setItem(draftKey(URN, 'docs'), '{not json');
    expect(loadDraft(URN, 'docs')).toBeNull();
    sessionStorage.setItem(draftKey(URN, 'docs'), '{"value": "x"}');
    expect(loadDraft(URN, 'docs')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';

import { DRAFT_PREFIX, forgetDrafts } from './draft-storage';

describe('forgetDrafts', () => {
  it('removes every draft and nothing else', () => {
    sessionStorage.setItem(`${DRAFT_PREFIX}urn:a:docs`, '{}');
    sessionStorage.setItem(`${DRAFT_PREFIX}urn:b:field:x`, '{}');
    sessionStorage.setItem('other', 'kept');
    forgetDrafts();
    expect(sessionStorage.length).toBe(1);
    expect(sessionStorage.getItem('other')).toBe('kept');
  });
});

import { describe, expect, it } from 'vitest';

import { queryFor } from './suggestions';

const owner = (text: string, urn: string) =>
  ({ type: 'owner', text, urn, platform: null, origin: null }) as const;

describe('queryFor', () => {
  it('searches a user owner by name and a group owner by URN', () => {
    expect(queryFor(owner('aberger', 'urn:li:corpuser:aberger'))).toBe('owner:aberger');
    expect(queryFor(owner('data-eng', 'urn:li:corpGroup:data-eng'))).toBe(
      'owner:urn:li:corpGroup:data-eng',
    );
  });
});

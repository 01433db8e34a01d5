import { describe, expect, it } from 'vitest';

import type { DatasetDetail, Me } from '@/types/api';

import { canEditDataset } from './permissions';

const me = (overrides: Partial<Me>): Me => ({
  username: 'ann',
  urn: 'urn:li:corpuser:ann',
  display_name: 'Ann',
  email: '',
  title: '',
  role: 'reader',
  can_edit_any: false,
  is_admin: false,
  groups: [],
  ...overrides,
});
const owned = (...owners: string[]) =>
  ({
    owners: owners.map((owner) => ({
      owner,
      kind: 'user',
      name: owner,
      display_name: owner,
      type: 'TECHNICAL_OWNER',
      source: 'ingested',
    })),
  }) as unknown as DatasetDetail;

describe('canEditDataset', () => {
  it('lets editors edit anything and readers only what they or their groups own', () => {
    expect(canEditDataset(me({ can_edit_any: true }), owned())).toBe(true);
    expect(canEditDataset(me({}), owned('urn:li:corpuser:bob'))).toBe(false);
    expect(canEditDataset(me({}), owned('urn:li:corpuser:ann'))).toBe(true);
    expect(canEditDataset(me({ groups: ['data'] }), owned('urn:li:corpGroup:data'))).toBe(true);
    expect(canEditDataset(null, owned())).toBe(false);
  });

  it('never lets an ingestion account edit, even a dataset ingestion named it owner of', () => {
    const bot = me({ username: 'bot', urn: 'urn:li:corpuser:bot', role: 'ingestion' });
    expect(canEditDataset(bot, owned('urn:li:corpuser:bot'))).toBe(false);
  });
});

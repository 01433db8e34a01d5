import { describe, expect, it } from 'vitest';

import { safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it.each([
    '/',
    '/search?q=orders&platform=hive',
    '/dataset/urn%3Ali%3Adataset%3A(urn%3Ali%3AdataPlatform%3Ahdfs%2C%2Fdata%2Fx%2CPROD)/schema',
    '/browse/hive/db',
    '/search?q=a%20b',
    '/search?q=%5C%5C#frag',
  ])('keeps the app path %s', (next) => {
    expect(safeNextPath(next)).toBe(next);
  });

  it.each([
    // What URLSearchParams hands over for the address bar's next=..., already decoded once.
    ['next=/%5Cevil.example/', '/\\evil.example/'],
    ['next=/%09/host', '/\t/host'],
    ['//evil', '//evil'],
    ['/\\evil', '/\\evil'],
    ['\\\\evil', '\\\\evil'],
    ['https://evil', 'https://evil'],
    ['javascript:', 'javascript:alert(1)'],
    ['JaVaScRiPt: with spaces', ' javascript:alert(1)'],
    ['no leading slash', 'evil.example'],
    ['leading space', ' /search'],
    ['newline', '/\n/evil.example'],
    ['carriage return', '/\r/evil.example'],
    ['non-breaking space', '/\u00a0/evil.example'],
    ['DEL', '/\u007f/evil.example'],
    ['NUL', '/\u0000/evil.example'],
    ['encoded slash', '/%2Fevil.example'],
    ['encoded backslash', '/%5Cevil.example'],
    ['encoded tab', '/%09/evil.example'],
    ['double-encoded slash', '/%252Fevil.example'],
    ['double-encoded backslash', '/%255Cevil.example'],
    ['fully encoded //', '%2F%2Fevil.example'],
    ['malformed escape', '/%E0%A4%A'],
    ['tab in the query', '/search?q=\t'],
    ['encoded // after a query mark', '%2F%2Fevil.example?q=1'],
    ['empty', ''],
  ])('sends %s home', (_, next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('sends a missing next home', () => {
    expect(safeNextPath(null)).toBe('/');
  });
});

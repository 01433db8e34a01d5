/** Where to go after logging in: the `next` parameter when it is a path of this app, else home.
 *
 * Browsers forgive a lot in URLs: they read `\` as `/` and drop tabs and newlines, so
 * `/\evil.example/` and `/<tab>/evil.example` both mean `//evil.example`, another site. Rather
 * than list what is dangerous, accept only what an app path looks like: one leading `/`, then no
 * backslash, whitespace or control character. The path is checked at every layer of
 * percent-decoding (a value may be encoded more than once on its way here); the query and
 * fragment cannot change the origin, so there only the literal characters count and an encoded
 * space (`?q=a%20b`) survives the trip through the login page. */

const HOME = '/';
const UNSAFE = /[\\\s\p{Cc}]/u;
const MAX_DECODES = 5;
const BASE = 'http://mdt.invalid';

const safePathLayer = (path: string): boolean =>
  path.startsWith('/') && !path.startsWith('//') && !UNSAFE.test(path);

const safePath = (path: string): boolean => {
  let layer = path;
  for (let step = 0; step < MAX_DECODES; step += 1) {
    if (!safePathLayer(layer)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return false; // a malformed escape is not something this app links to
    }
    if (decoded === layer) return true;
    layer = decoded;
  }
  return false; // still encoded after MAX_DECODES layers: no app link looks like that
};

export const safeNextPath = (next: string | null | undefined): string => {
  if (!next || UNSAFE.test(next)) return HOME;
  const path = next.split(/[?#]/, 1)[0] ?? '';
  if (!safePath(path)) return HOME;
  // Belt and braces: whatever the checks missed, the browser's own parser has the last word.
  return new URL(next, BASE).origin === BASE ? next : HOME;
};

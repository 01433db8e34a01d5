/** A URL that came from a source (a term's definition, a dashboard in its tool) as a link out
 * only when it is http(s): `javascript:` or `data:` URLs, which an ingested record can hold,
 * never become an href. */
export const externalUrl = (value: string | null | undefined): string | null => {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
};

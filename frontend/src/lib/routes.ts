/** URL builders shared by every feature, so links look the same everywhere. */

export const datasetPath = (urn: string, tab?: string): string =>
  `/dataset/${encodeURIComponent(urn)}${tab ? `/${tab}` : ''}`;

export const browsePath = (path: string): string => {
  const parts = path.split('/').filter(Boolean).map(encodeURIComponent);
  return parts.length ? `/browse/${parts.join('/')}` : '/browse';
};

export const searchPath = (params: Record<string, string | string[] | undefined>): string => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      if (value.length) query.set(key, value.join(','));
    } else if (value) {
      query.set(key, value);
    }
  }
  const text = query.toString();
  return text ? `/search?${text}` : '/search';
};

/** `urn:li:corpuser:aberger` → `aberger`; other URNs come back unchanged. */
export const urnName = (urn: string): string => {
  const match = /^urn:li:(?:corpuser|corpGroup|dataPlatform|tag|glossaryTerm|domain):(.+)$/.exec(
    urn,
  );
  return match?.[1] ?? urn;
};

export const jobPath = (urn: string): string => `/job/${encodeURIComponent(urn)}`;

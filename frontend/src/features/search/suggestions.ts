import type { Suggestion } from '@/types/api';

/** What picking a suggestion searches for: datasets open directly, the rest become filters. */
export const queryFor = (suggestion: Suggestion): string => {
  switch (suggestion.type) {
    case 'owner':
      // A bare name means a user to the query parser: a group is searched by its URN.
      return suggestion.urn?.startsWith('urn:li:corpGroup:')
        ? `owner:${suggestion.urn}`
        : `owner:${suggestion.text}`;
    case 'tag':
      return `tag:${suggestion.text}`;
    default:
      return suggestion.text.includes(' ') ? `"${suggestion.text}"` : suggestion.text;
  }
};

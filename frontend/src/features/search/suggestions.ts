import type { Suggestion } from '@/types/api';

/** What picking a suggestion searches for: datasets open directly, the rest become filters. */
export const queryFor = (suggestion: Suggestion): string => {
  switch (suggestion.type) {
    case 'owner':
      return `owner:${suggestion.text}`;
    case 'tag':
      return `tag:${suggestion.text}`;
    default:
      return suggestion.text.includes(' ') ? `"${suggestion.text}"` : suggestion.text;
  }
};

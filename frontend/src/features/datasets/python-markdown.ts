/**
 * The block rules where Python-Markdown (which renders the saved docs) and CommonMark (which
 * renders the preview) disagree, applied to the source so that CommonMark reads it as Python
 * does. Line by line, as Python-Markdown's block parser works; fenced code is left alone.
 *
 * - A list needs a blank line before it: `Steps:\n- one` is one paragraph, so the markers of
 *   list lines that follow a paragraph line are escaped.
 * - Nesting needs 4 spaces: a marker indented by 1-3 spaces is a sibling, so the indent goes.
 * - `1)` starts no list (only `1.` does): escaped.
 * - `#tag` is a heading (no space needed after the hashes): a space goes in.
 *
 * Only a server-side preview could make the two renderers agree everywhere.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const SHALLOW_MARKER = /^ {1,3}(?=(?:[-*+]|\d+\.)[ \t])/;
const MARKER = /^(?:([-*+])|(\d+)\.)(?=[ \t])/;
const PAREN_MARKER = /^( {0,3}\d+)\)/;
const HASH_HEADING = /^(#{1,6})(?=[^#\s])/;
const OTHER_BLOCK = /^ {0,3}(?:#|>|\|)/;

type Previous = 'blank' | 'paragraph' | 'list' | 'other';

export function asPythonMarkdown(source: string): string {
  let fence: string | null = null;
  let previous: Previous = 'blank';
  return source
    .split('\n')
    .map((raw) => {
      if (fence !== null) {
        if (raw.trimStart().startsWith(fence)) fence = null;
        return raw;
      }
      const open = FENCE.exec(raw);
      if (open) {
        fence = open[1] ?? null;
        previous = 'other';
        return raw;
      }
      if (!raw.trim()) {
        previous = 'blank';
        return raw;
      }
      let line = raw.replace(HASH_HEADING, '$1 ').replace(PAREN_MARKER, '$1\\)');
      if (previous !== 'paragraph') line = line.replace(SHALLOW_MARKER, '');
      const marker = MARKER.exec(line);
      if (marker) {
        if (previous === 'paragraph') {
          return marker[1] ? `\\${line}` : line.replace('.', '\\.');
        }
        previous = 'list';
        return line;
      }
      if (OTHER_BLOCK.test(line)) previous = 'other';
      else if (previous !== 'list') previous = 'paragraph'; // else: a lazy continuation line
      return line;
    })
    .join('\n');
}

import { AutoComplete, Input, Typography } from 'antd';
import debounce from 'lodash/debounce';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

import { EntityTypeIcon } from '@/components/EntityTypeIcon';
import { entityLabel } from '@/lib/entity-types';
import { datasetPath, entityPath, searchPath } from '@/lib/routes';
import type { Suggestion } from '@/types/api';
import type { EntitySearchResult } from '@/types/entities';

import { autocomplete } from '../api/autocomplete';
import { autocompleteEntities } from '../api/autocomplete-entities';
import { queryFor } from '../suggestions';

const GROUPS: { type: Suggestion['type']; label: string }[] = [
  { type: 'dataset', label: 'Datasets' },
  { type: 'field', label: 'Fields' },
  { type: 'owner', label: 'Owners' },
  { type: 'tag', label: 'Tags' },
];

interface Suggestions {
  items: Suggestion[];
  /** Terms, tags, people, pipelines…: each opens its page. */
  entities: EntitySearchResult[];
}
const NONE: Suggestions = { items: [], entities: [] };

/** Debounced suggestions; a newer keystroke aborts the older requests. Entity suggestions are
 * extra: when they fail, the dataset ones still show. */
const makeSuggester = (onResult: (suggestions: Suggestions) => void) => {
  let controller: AbortController | null = null;
  const run = debounce((value: string) => {
    controller?.abort();
    if (value.trim().length < 2) {
      onResult(NONE);
      return;
    }
    const current = new AbortController();
    controller = current;
    Promise.all([
      autocomplete(value.trim(), current.signal),
      autocompleteEntities(value.trim(), current.signal).catch(() => []),
    ])
      .then(([items, entities]) => {
        if (!current.signal.aborted) onResult({ items, entities });
      })
      .catch(() => {
        if (!current.signal.aborted) onResult(NONE);
      });
  }, 200);
  return {
    run,
    stop: () => {
      run.cancel();
      controller?.abort();
    },
  };
};

interface Props {
  size?: 'middle' | 'large';
  autoFocus?: boolean;
}

export function SearchBox({ size = 'middle', autoFocus = false }: Props) {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const urlQuery = location.pathname === '/search' ? (params.get('q') ?? '') : '';
  // What the user typed, valid while the URL's query is unchanged (back button resets it).
  const [draft, setDraft] = useState({ base: urlQuery, text: urlQuery });
  const text = draft.base === urlQuery ? draft.text : urlQuery;
  const [{ items: suggestions, entities }, setSuggestions] = useState<Suggestions>(NONE);
  const selectedAt = useRef(0);
  const suggester = useMemo(() => makeSuggester(setSuggestions), []);
  useEffect(() => () => suggester.stop(), [suggester]);

  const options = GROUPS.map((group) => ({
    label: group.label,
    options: suggestions
      .map((suggestion, index) => ({ suggestion, index }))
      .filter(({ suggestion }) => suggestion.type === group.type)
      .map(({ suggestion, index }) => ({
        value: String(index),
        label: (
          <span className={`suggestion suggestion-${suggestion.type}`}>
            {suggestion.text}
            {suggestion.platform ? (
              <Typography.Text type="secondary" className="suggestion-where">
                {[suggestion.platform, suggestion.origin].filter(Boolean).join(' · ')}
              </Typography.Text>
            ) : null}
          </span>
        ),
      })),
  }));
  options.push({
    label: 'Glossary, people and more',
    options: entities.map((entity, index) => ({
      value: `entity:${index}`,
      label: (
        <span className="suggestion suggestion-entity">
          <EntityTypeIcon type={entity.type} /> {entity.display_name || entity.name}
          <Typography.Text type="secondary" className="suggestion-where">
            {entityLabel(entity.type)}
          </Typography.Text>
        </span>
      ),
    })),
  });
  const shownOptions = options.filter((group) => group.options.length);

  const onSelect = (value: string) => {
    const entity = value.startsWith('entity:') ? entities[Number(value.slice(7))] : undefined;
    const entityUrl = entity ? entityPath(entity.type, entity.url_key) : null;
    if (entityUrl) {
      selectedAt.current = Date.now();
      suggester.stop();
      setSuggestions(NONE);
      setDraft({ base: urlQuery, text: '' });
      void navigate(entityUrl);
      return;
    }
    const suggestion = suggestions[Number(value)];
    if (!suggestion) return;
    selectedAt.current = Date.now();
    suggester.stop();
    setSuggestions(NONE);
    if (suggestion.type === 'dataset' && suggestion.urn) {
      setDraft({ base: urlQuery, text: '' });
      void navigate(datasetPath(suggestion.urn));
    } else {
      const q = queryFor(suggestion);
      setDraft({ base: q, text: q });
      void navigate(searchPath({ q }));
    }
  };

  const onSearch = (value: string) => {
    // Enter on a highlighted suggestion fires both select and search: the select wins.
    if (Date.now() - selectedAt.current < 300) return;
    suggester.stop();
    setSuggestions(NONE);
    const current = new URLSearchParams(location.pathname === '/search' ? location.search : '');
    current.delete('page');
    if (value.trim()) current.set('q', value.trim());
    else current.delete('q');
    const query = current.toString();
    void navigate(query ? `/search?${query}` : '/search');
  };

  return (
    <AutoComplete
      className="search-box"
      value={text}
      options={shownOptions}
      onSelect={onSelect}
      onChange={(value: string) => {
        setDraft({ base: urlQuery, text: value });
        suggester.run(value);
      }}
      defaultActiveFirstOption={false}
      style={{ width: '100%' }}
    >
      <Input.Search
        size={size}
        placeholder="Search datasets, fields, owners, tags…"
        aria-label="Search"
        enterButton
        allowClear
        autoFocus={autoFocus}
        onSearch={onSearch}
      />
    </AutoComplete>
  );
}

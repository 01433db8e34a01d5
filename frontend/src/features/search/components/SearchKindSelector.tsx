import { Radio } from 'antd';
import { useNavigate } from 'react-router';

import { SEARCH_KINDS, paramsForKind } from '../entity-search';

/** Datasets, or one kind of the entities around them: the same words, another list. */
export function SearchKindSelector({ q, value }: { q: string; value: string | undefined }) {
  const navigate = useNavigate();
  return (
    <Radio.Group
      className="search-kinds"
      aria-label="Search for"
      optionType="button"
      buttonStyle="solid"
      size="small"
      value={value}
      options={SEARCH_KINDS.map((kind) => ({ value: kind.value, label: kind.label }))}
      onChange={(event) => {
        const params = paramsForKind(q, String(event.target.value)).toString();
        void navigate(params ? `/search?${params}` : '/search');
      }}
    />
  );
}

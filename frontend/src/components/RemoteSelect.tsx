import { Select, Spin } from 'antd';
import debounce from 'lodash/debounce';
import { useEffect, useMemo, useState } from 'react';

export interface Choice {
  value: string;
  label: string;
}

interface Props {
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  fetchChoices: (q: string) => Promise<Choice[]>;
  mode?: 'multiple' | 'tags';
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  'aria-label'?: string;
  status?: 'error';
}

/** A Select whose options come from the API as you type (tags, terms, domains, owners). */
export function RemoteSelect({ fetchChoices, ...props }: Props) {
  const [choices, setChoices] = useState<Choice[]>([]);
  const [loading, setLoading] = useState(false);

  const load = useMemo(() => {
    let latest = 0; // answers to older keystrokes are dropped
    return debounce((q: string) => {
      const call = ++latest;
      setLoading(true);
      fetchChoices(q)
        .then((items) => {
          if (call === latest) setChoices(items);
        })
        .catch(() => undefined)
        .finally(() => {
          if (call === latest) setLoading(false);
        });
    }, 250);
  }, [fetchChoices]);
  useEffect(() => {
    load('');
    load.flush();
    return () => load.cancel();
  }, [load]);

  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: load }}
      options={choices}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
      style={{ width: '100%' }}
    />
  );
}

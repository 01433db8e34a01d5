import { describe, expect, it } from 'vitest';

import { externalUrl } from './external-url';

describe('externalUrl', () => {
  it('keeps http(s) links and drops every other scheme and non-URL', () => {
    expect(externalUrl('https://looker.example.com/dashboards/17')).toBe(
      'https://looker.example.com/dashboards/17',
    );
    expect(externalUrl('http://airflow:8080/tree?dag_id=x')).toBe(
      'http://airflow:8080/tree?dag_id=x',
    );
    expect(externalUrl('javascript:alert(1)')).toBeNull();
    expect(externalUrl(' JavaScript:alert(1)')).toBeNull();
    expect(externalUrl('data:text/html,<script>x</script>')).toBeNull();
    expect(externalUrl('/relative/path')).toBeNull();
    expect(externalUrl('')).toBeNull();
    expect(externalUrl(null)).toBeNull();
  });
});

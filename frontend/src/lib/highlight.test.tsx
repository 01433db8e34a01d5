import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderHighlight } from './highlight';

describe('renderHighlight', () => {
  it('marks the matches and keeps escaped text as text', () => {
    const { container } = render(
      <p>{renderHighlight('a &lt;script&gt;x&lt;/script&gt; <mark>customer</mark> &amp; b')}</p>,
    );
    expect(container.querySelector('mark')?.textContent).toBe('customer');
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toBe('a <script>x</script> customer & b');
  });

  it('never turns raw markup into elements', () => {
    const { container } = render(
      <p>{renderHighlight('<img src=x onerror=alert(1)><mark>a</mark>')}</p>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelectorAll('mark')).toHaveLength(1);
  });
});

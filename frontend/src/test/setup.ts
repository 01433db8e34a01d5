import '@testing-library/jest-dom/vitest';

import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// findBy*/waitFor give up after 1 s by default. On a loaded 2-core machine the first render of
// an antd page took longer: three tests that pass alone failed with "Unable to find" while the
// machine ran four other jobs. A failing test now waits 5 s before it says so; a passing one is
// as fast as before.
configure({ asyncUtilTimeout: 5000 });

// antd 6 in jsdom: responsive observers use matchMedia; Select, Tabs, Table use ResizeObserver.
// Media queries answer as a 1280 px wide desktop window would.
const WIDTH = 1280;
const matches = (query: string): boolean => {
  const min = /min-width:\s*(\d+)px/.exec(query);
  const max = /max-width:\s*(\d+)px/.exec(query);
  return (!min || WIDTH >= Number(min[1])) && (!max || WIDTH <= Number(max[1]));
};
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: vi.fn().mockImplementation((query: string) => ({
    matches: matches(query),
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  })),
});

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver = ResizeObserverStub as unknown as typeof ResizeObserver;

// antd reads computed styles for scrollbars; jsdom does not implement pseudo elements.
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (elt: Element) => getComputedStyle(elt);

window.scrollTo = vi.fn() as unknown as typeof window.scrollTo;

afterEach(() => {
  cleanup();
  sessionStorage.clear(); // drafts (features/datasets/drafts) must not leak between tests
});

import { act } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, createQueryClient } from './App';
import { type Course, catalogKey, NO_FILTERS } from './catalog/catalog';
import { renderCatalog } from './entry-server';

const course = (id: string, title: string) => ({ id, title, code: `C-${id}`, summary: null, language: 'en', deliveryMode: 'online', durationHours: 12, category: 'leadership' }) as unknown as Course;
const COURSES = [course('a', 'Mediation </script><b>basics</b>'), course('b', 'Leadership')];

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('the catalog rendered on the server', () => {
  it('lists the courses with their count, names escaped', () => {
    const html = renderCatalog(COURSES);
    expect(html).toContain('<p role="status" class="muted">2 courses</p>');
    expect(html).toContain('<a href="/courses/a">Mediation &lt;/script&gt;&lt;b&gt;basics&lt;/b&gt;</a>');
    expect(html).not.toContain('<b>');
  });

  it('is what the browser renders with the same courses: it hydrates without a mismatch or a request', async () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const fetchMock = vi.fn<typeof fetch>();
    vi.stubGlobal('fetch', fetchMock);
    history.replaceState(null, '', '/');
    const root = document.createElement('div');
    root.innerHTML = renderCatalog(COURSES);
    document.body.append(root);
    const queryClient = createQueryClient();
    queryClient.setQueryData(catalogKey(NO_FILTERS), COURSES);
    const mismatch = vi.fn();
    await act(async () => {
      hydrateRoot(root, <App queryClient={queryClient} language="en" />, { onRecoverableError: mismatch });
    });
    expect(mismatch).not.toHaveBeenCalled();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(root.querySelector('[role="status"]')?.textContent).toBe('2 courses');
  });
});

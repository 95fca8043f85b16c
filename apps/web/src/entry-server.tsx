// The catalog rendered by the API for a visitor's first page (apps/api/src/web-app.ts): on a slow link the courses
// show with the page itself, a round trip and the scripts' download before the browser could render them.
// The browser then hydrates it with the same data (main.tsx); every other page renders in the browser only.
import { renderToString } from 'react-dom/server';
import { Router } from 'wouter';
import { App, createQueryClient } from './App';
import { type Course, catalogKey, NO_FILTERS } from './catalog/catalog';

export { CATALOG_DATA_ID } from './catalog/catalog';

/** The catalog's first request, whose answer the server renders from. */
export const CATALOG_DATA_URL = '/api/v1/courses?limit=100';

export function renderCatalog(courses: Course[]): string {
  const queryClient = createQueryClient();
  queryClient.setQueryData(catalogKey(NO_FILTERS), courses);
  return renderToString(
    <Router ssrPath="/">
      <App queryClient={queryClient} language="en" />
    </Router>,
  );
}

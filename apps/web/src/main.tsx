import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App, browserQueryClient } from './App';
import { CATALOG_DATA_ID, type Course, catalogKey, NO_FILTERS } from './catalog/catalog';
import { initialLanguage } from './i18n/i18n';
import './styles.css';

const root = document.getElementById('root')!;
const app = (
  <StrictMode>
    <App />
  </StrictMode>
);
// The API rendered the catalog (in English) with the courses it sends alongside: the same data makes the same page.
const served = document.getElementById(CATALOG_DATA_ID)?.textContent;
if (served) browserQueryClient.setQueryData(catalogKey(NO_FILTERS), JSON.parse(served) as Course[]);
if (served && initialLanguage() === 'en') hydrateRoot(root, app);
else createRoot(root).render(app);

import { useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page } from '../layout/Page';
import { type CatalogFilters, COURSE_CATEGORIES, COURSE_LANGUAGES, DELIVERY_MODES, NO_FILTERS, useCatalog } from './catalog';

export function CatalogPage() {
  const { t, number } = useI18n();
  const [filters, setFilters] = useState(NO_FILTERS);
  const courses = useCatalog(filters);
  const set = (name: keyof CatalogFilters) => (event: { target: { value: string } }) => setFilters((current) => ({ ...current, [name]: event.target.value }));

  return (
    <Page title={t('catalog.title')}>
      <form className="filters" role="search" aria-label={t('catalog.filters')} onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="catalog-q">{t('catalog.search')}</label>
          <input id="catalog-q" type="search" value={filters.q} onChange={set('q')} />
        </div>
        <div className="field">
          <label htmlFor="catalog-language">{t('fields.language')}</label>
          <select id="catalog-language" value={filters.language} onChange={set('language')}>
            <option value="">{t('common.any')}</option>
            {COURSE_LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {t(`language.${code}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="catalog-category">{t('fields.category')}</label>
          <select id="catalog-category" value={filters.category} onChange={set('category')}>
            <option value="">{t('common.any')}</option>
            {COURSE_CATEGORIES.map((code) => (
              <option key={code} value={code}>
                {t(`courseCategory.${code}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="catalog-mode">{t('fields.deliveryMode')}</label>
          <select id="catalog-mode" value={filters.deliveryMode} onChange={set('deliveryMode')}>
            <option value="">{t('common.any')}</option>
            {DELIVERY_MODES.map((code) => (
              <option key={code} value={code}>
                {t(`deliveryMode.${code}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="catalog-month">{t('catalog.month')}</label>
          <input id="catalog-month" type="month" value={filters.month} onChange={set('month')} />
        </div>
        <button type="button" onClick={() => setFilters(NO_FILTERS)}>
          {t('catalog.clear')}
        </button>
      </form>
      <ErrorNotice error={courses.error} retry={() => void courses.refetch()} />
      {courses.isPending ? (
        <Loading />
      ) : (
        <>
          <p role="status" className="muted">
            {t('catalog.count', { count: courses.data?.length ?? 0 })}
          </p>
          <ul className="cards">
            {courses.data?.map((course) => (
              <li key={course.id} className="card">
                <h2 lang={course.language}>
                  <Link href={`/courses/${course.id}`}>{course.title}</Link>
                </h2>
                <p className="meta">
                  <span>{course.code}</span> · <span lang={course.language}>{t(`language.${course.language}`)}</span> · <span>{t(`deliveryMode.${course.deliveryMode}`)}</span> ·{' '}
                  <span>{t('catalog.hours', { hours: number(course.durationHours, 1) })}</span>
                </p>
                <p className="meta">{t(`courseCategory.${course.category}`)}</p>
                {course.summary && <p lang={course.language}>{course.summary}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}

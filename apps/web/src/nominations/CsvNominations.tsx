// A CSV list, previewed row by row the way the API will read it before it is sent; then the outcome of each row.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, SuccessNotice, TableScroll } from '../layout/Page';
import { CATEGORIES, GENDERS, type PreviewRow, previewRows, type RowResult } from './nominations';

const TEMPLATE = 'name,email,gender,nationality,category,rank,position,priority';

export function CsvNominations({ offeringId }: { offeringId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [csv, setCsv] = useState('');
  const [rows, setRows] = useState<PreviewRow[] | null>(null);
  const [inputError, setInputError] = useState('');
  // A value the API knows is shown in the reader's language; anything else as written, for the focal point to fix.
  const known = (values: readonly string[], key: 'genderOf' | 'categoryOf', value: string) => (values.includes(value) ? t(`nominations.${key}.${value}`) : value || '—');
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/offerings/{id}/nominations', {
          params: { path: { id: offeringId } },
          body: csv as never,
          bodySerializer: (body) => body as unknown as string,
          headers: { 'content-type': 'text/csv' },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['nominations'] }),
  });
  const read = (text: string) => {
    setCsv(text);
    submit.reset();
    try {
      const parsed = previewRows(text);
      setRows(parsed);
      setInputError(parsed.length === 0 ? t('nominations.csv.empty') : '');
    } catch {
      setRows(null);
      setInputError(t('errors.code.NOMINATION_MALFORMED_FILE'));
    }
  };
  return (
    <section aria-labelledby="csv">
      <h2 id="csv">{t('nominations.csv.title')}</h2>
      <p>{t('nominations.csv.help')}</p>
      <p className="mono hint wrap">{TEMPLATE}</p>
      <div className="form narrow">
        <div className="field">
          <label htmlFor={fileId}>{t('nominations.csv.file')}</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${fileId}-error`}
            aria-invalid={inputError ? true : undefined}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void file.text().then(read);
            }}
          />
          <p id={`${fileId}-error`} className="field-error" role={inputError ? 'alert' : undefined}>
            {inputError}
          </p>
        </div>
      </div>
      {rows && rows.length > 0 && !submit.data && (
        <>
          <h3>{t('nominations.csv.previewTitle', { count: rows.length })}</h3>
          <TableScroll label={t('nominations.csv.previewTitle', { count: rows.length })}>
            <table>
              <caption className="visually-hidden">{t('nominations.csv.previewTitle', { count: rows.length })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="number">
                    {t('nominations.row')}
                  </th>
                  <th scope="col">{t('fields.fullName')}</th>
                  <th scope="col">{t('fields.email')}</th>
                  <th scope="col">{t('nominations.gender')}</th>
                  <th scope="col">{t('nominations.nationality')}</th>
                  <th scope="col">{t('nominations.category')}</th>
                  <th scope="col">{t('nominations.rank')}</th>
                  <th scope="col">{t('nominations.priority')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.row}>
                    <td className="number">{r.row}</td>
                    <th scope="row">{r.fullName || '—'}</th>
                    <td>{r.email || '—'}</td>
                    <td>{known(GENDERS, 'genderOf', r.gender)}</td>
                    <td>{r.nationality || '—'}</td>
                    <td>{known(CATEGORIES, 'categoryOf', r.category)}</td>
                    <td>{r.rank || '—'}</td>
                    <td>{r.priority || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <div className="actions">
            <button type="button" className="primary" disabled={submit.isPending} onClick={() => submit.mutate()}>
              {t('nominations.csv.submit', { count: rows.length })}
            </button>
            <button type="button" onClick={() => (setRows(null), setCsv(''))}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
      <ErrorNotice error={submit.error} />
      {submit.data && (
        <>
          <SuccessNotice>{t('nominations.csv.summary', { ...submit.data.summary })}</SuccessNotice>
          <Results rows={submit.data.results} />
        </>
      )}
    </section>
  );
}

function Results({ rows }: { rows: RowResult[] }) {
  const { t } = useI18n();
  return (
    <TableScroll label={t('nominations.csv.resultsTitle')}>
      <table>
        <caption>{t('nominations.csv.resultsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col" className="number">
              {t('nominations.row')}
            </th>
            <th scope="col">{t('fields.email')}</th>
            <th scope="col">{t('nominations.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row} className={r.outcome === 'error' ? 'row-error' : undefined}>
              <td className="number">{r.row}</td>
              <td>{r.email || '—'}</td>
              <td>
                {t(`nominations.rowOutcome.${r.outcome}`)}
                {r.code && t.has(`errors.code.${r.code}`) && ` ${t(`errors.code.${r.code}`)}`}
                {(r.problems?.length ?? 0) > 0 && (
                  <span className="hint" lang="en">
                    {' '}
                    ({r.problems!.join('; ')})
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

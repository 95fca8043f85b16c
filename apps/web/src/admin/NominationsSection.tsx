import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, TableScroll } from '../layout/Page';
import type { Offering } from './admin';

type BulkResult = components['schemas']['BulkEnrollResponse'];
type Row = components['schemas']['BulkRowResult'];

const TEMPLATE = 'email,fullName,gender,nationality,category,rank,organization\n';

/**
 * Nominations from a CSV file: every row is first checked by the API in a dry run (nothing written) and shown;
 * only then can the admin import the same file.
 */
export function NominationsSection({ offering }: { offering: Offering }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const fileId = useId();
  const textId = useId();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [inputError, setInputError] = useState('');

  const send = (dryRun: boolean) =>
    unwrap(
      api.POST('/api/v1/offerings/{id}/enrollments/bulk', {
        params: { path: { id: offering.id }, query: { dryRun } },
        body: csv as never,
        bodySerializer: (body) => body as unknown as string,
        headers: { 'content-type': 'text/csv' },
      }),
    );
  const preview = useMutation({ mutationFn: () => send(true) });
  const commit = useMutation({
    mutationFn: () => send(false),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['roster', offering.id] }), queryClient.invalidateQueries({ queryKey: ['offering', offering.id] })]),
  });

  const startOver = () => {
    preview.reset();
    commit.reset();
  };

  return (
    <>
      <section aria-labelledby="import">
        <h2 id="import">{t('admin.nominations.title')}</h2>
        <p>{t('admin.nominations.help')}</p>
        <p className="mono hint wrap">{TEMPLATE.trim()}</p>
        <form
          className="form narrow"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!csv.trim()) {
              setInputError(t('admin.nominations.empty'));
              return;
            }
            setInputError('');
            commit.reset();
            preview.mutate();
          }}
        >
          <div className="field">
            <label htmlFor={fileId}>{t('admin.nominations.file')}</label>
            <input
              id={fileId}
              type="file"
              accept=".csv,text/csv"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (!file) return;
                setFileName(file.name);
                startOver();
                void file.text().then(setCsv);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={textId}>{t('admin.nominations.text')}</label>
            <p id={`${textId}-hint`} className="hint">
              {fileName ? t('admin.nominations.fromFile', { name: fileName }) : t('admin.nominations.textHint')}
            </p>
            <textarea
              id={textId}
              rows={6}
              className="mono"
              value={csv}
              aria-invalid={inputError ? true : undefined}
              aria-describedby={`${textId}-hint ${textId}-error`}
              onChange={(event) => {
                setCsv(event.target.value);
                startOver();
              }}
            />
            <p id={`${textId}-error`} className="field-error" role={inputError ? 'alert' : undefined}>
              {inputError}
            </p>
          </div>
          <div>
            <button type="submit" className="primary" disabled={preview.isPending}>
              {t('admin.nominations.preview')}
            </button>
          </div>
        </form>
        <ErrorNotice error={preview.error} />
      </section>

      {preview.data && !commit.data && (
        <section aria-labelledby="preview">
          <h2 id="preview">{t('admin.nominations.previewTitle')}</h2>
          <Summary result={preview.data} />
          <Rows rows={preview.data.results} caption={t('admin.nominations.previewCaption')} planned />
          <div className="actions">
            <button type="button" className="primary" disabled={commit.isPending || preview.data.summary.enrolled === 0} onClick={() => commit.mutate()}>
              {t('admin.nominations.import', { count: preview.data.summary.enrolled })}
            </button>
            <button type="button" onClick={startOver}>
              {t('common.cancel')}
            </button>
          </div>
          <ErrorNotice error={commit.error} />
        </section>
      )}

      {commit.data && (
        <section aria-labelledby="imported">
          <h2 id="imported">{t('admin.nominations.doneTitle')}</h2>
          <Summary result={commit.data} />
          <Rows rows={commit.data.results} caption={t('admin.nominations.doneCaption')} />
        </section>
      )}
    </>
  );
}

function Summary({ result }: { result: BulkResult }) {
  const { t } = useI18n();
  const s = result.summary;
  return (
    <p role="status" className="notice notice-success">
      {t(result.dryRun ? 'admin.nominations.summaryPlanned' : 'admin.nominations.summaryDone', {
        rows: s.rows,
        enrolled: s.enrolled - s.waitlisted,
        waitlisted: s.waitlisted,
        failed: s.failed,
        created: s.usersCreated,
      })}
    </p>
  );
}

function Rows({ rows, caption, planned = false }: { rows: Row[]; caption: string; planned?: boolean }) {
  const { t } = useI18n();
  const outcome = (row: Row) => {
    // `unverified_account` enrols nobody either (the address's owner is invited): a refusal with its code.
    if (row.outcome !== 'enrolled') {
      // The trainee-facing wording of a code ("You are already enrolled") reads wrong here: the admin's first.
      const key = [`admin.rowCode.${row.code}`, `errors.code.${row.code}`].find((k) => t.has(k));
      return key ? t(key) : t('admin.nominations.rowRefused');
    }
    const status = row.enrollment?.status ?? 'approved';
    return t(`admin.nominations.${planned ? 'will' : 'did'}.${status === 'waitlisted' ? 'waitlisted' : status === 'pending' ? 'pending' : 'enrolled'}`);
  };
  return (
    <TableScroll label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="number">
              {t('admin.nominations.row')}
            </th>
            <th scope="col">{t('fields.email')}</th>
            <th scope="col">{t('admin.nominations.outcome')}</th>
            <th scope="col">{t('admin.nominations.account')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row} className={row.outcome !== 'enrolled' ? 'row-error' : undefined}>
              <td className="number">{row.row}</td>
              <td>{row.email || '—'}</td>
              <td>
                {row.outcome !== 'enrolled' && <span className="fail">{t('admin.nominations.refused')} </span>}
                {outcome(row)}
                {row.outcome === 'error' && row.code === 'ENROLLMENT_BULK_INVALID_ROW' && row.message && (
                  <span className="hint" lang="en">
                    {' '}
                    ({row.message})
                  </span>
                )}
              </td>
              <td>{row.outcome !== 'enrolled' ? '—' : row.userCreated ? t('admin.nominations.newAccount') : t('admin.nominations.existingAccount')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

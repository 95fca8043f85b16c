import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, download, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Field } from '../layout/Field';
import { ErrorNotice, Loading, TableScroll } from '../layout/Page';
import type { Certificate, Offering } from './admin';

const POLL_MS = 1000;

/** Issue an offering's certificates and watch the worker complete them; revoke or re-issue one with a reason. */
export function CertificatesSection({ offering }: { offering: Offering }) {
  const { t, number } = useI18n();
  const queryClient = useQueryClient();
  const key = ['admin', 'certificates', offering.id];
  const list = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/offerings/{id}/certificates', { params: { path: { id: offering.id } } })),
    // While any is queued the worker is at work: ask again until none is.
    refetchInterval: (query) => ((query.state.data?.counts.queued ?? 0) > 0 ? POLL_MS : false),
  });
  const issue = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/offerings/{id}/certificates', { params: { path: { id: offering.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const retry = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/certificates/{id}/retry', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const [acting, setActing] = useState<{ certificate: Certificate; action: 'revoke' | 'reissue' } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const counts = list.data?.counts;
  const total = counts ? counts.queued + counts.issued + counts.failed : 0;
  const done = counts ? counts.issued + counts.failed : 0;

  return (
    <>
      <section aria-labelledby="issue">
        <h2 id="issue">{t('admin.certificates.issueTitle')}</h2>
        {offering.status === 'completed' ? <p>{t('admin.certificates.issueHelp')}</p> : <p className="notice">{t('admin.certificates.notFinalised')}</p>}
        <button type="button" className="primary" disabled={issue.isPending || offering.status !== 'completed'} onClick={() => issue.mutate()}>
          {t('admin.certificates.issue')}
        </button>
        <ErrorNotice error={issue.error} />
        {issue.data && (
          <p className="notice notice-success">
            {t('admin.certificates.issued', { queued: issue.data.queued, already: issue.data.alreadyIssued, notEligible: issue.data.notEligible })}
          </p>
        )}
      </section>

      <section aria-labelledby="progress">
        <h2 id="progress">{t('admin.certificates.progressTitle')}</h2>
        <ErrorNotice error={list.error} retry={() => void list.refetch()} />
        {list.isPending ? (
          <Loading />
        ) : counts && total > 0 ? (
          <>
            <label htmlFor="certificate-progress">{t('admin.certificates.progressLabel')}</label>
            <progress id="certificate-progress" max={total} value={done} className="wide" />
            <p role="status">
              {counts.queued > 0
                ? t('admin.certificates.working', { done: number(done), total: number(total) })
                : t('admin.certificates.complete', { issued: number(counts.issued), failed: number(counts.failed), revoked: number(counts.revoked) })}
            </p>
          </>
        ) : (
          <p className="muted">{t('admin.certificates.none')}</p>
        )}
      </section>

      {list.data && list.data.items.length > 0 && (
        <section aria-labelledby="certificate-list">
          <h2 id="certificate-list">{t('admin.certificates.listTitle')}</h2>
          <ErrorNotice error={failure ?? retry.error} />
          <TableScroll label={t('admin.certificates.listTitle')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('admin.certificates.holder')}</th>
                  <th scope="col">{t('admin.certificates.serial')}</th>
                  <th scope="col">{t('admin.certificates.status')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.holderName}</th>
                    <td className="mono">{c.serial}</td>
                    <td>
                      {t(`certificateStatus.${c.status}`)}
                      {c.status === 'revoked' && c.revocationReason && <span className="hint"> — {c.revocationReason}</span>}
                    </td>
                    <td>
                      <div className="actions">
                        {c.status === 'issued' && (
                          <>
                            <button type="button" className="link-button" onClick={() => void download(`/api/v1/certificates/${c.id}/pdf`, `${c.serial}.pdf`).catch(setFailure)}>
                              {t('admin.certificates.pdf')}
                              <span className="visually-hidden"> — {c.holderName}</span>
                            </button>
                            <button type="button" className="danger" onClick={() => setActing({ certificate: c, action: 'revoke' })}>
                              {t('admin.certificates.revoke')}
                              <span className="visually-hidden"> — {c.holderName}</span>
                            </button>
                          </>
                        )}
                        {(c.status === 'issued' || c.status === 'revoked') && !list.data.items.some((other) => other.replacesId === c.id) && (
                          <button type="button" onClick={() => setActing({ certificate: c, action: 'reissue' })}>
                            {t('admin.certificates.reissue')}
                            <span className="visually-hidden"> — {c.holderName}</span>
                          </button>
                        )}
                        {c.status === 'failed' && (
                          <button type="button" disabled={retry.isPending} onClick={() => retry.mutate(c.id)}>
                            {t('admin.certificates.retry')}
                            <span className="visually-hidden"> — {c.holderName}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      )}
      {acting && (
        <ReasonDialog
          title={t(`admin.certificates.${acting.action}Title`, { name: acting.certificate.holderName })}
          help={t(`admin.certificates.${acting.action}Help`)}
          submitLabel={t(`admin.certificates.${acting.action}`)}
          onClose={() => setActing(null)}
          onSubmit={async (reason) => {
            const path = { params: { path: { id: acting.certificate.id } }, body: { reason } };
            await unwrap(acting.action === 'revoke' ? api.POST('/api/v1/certificates/{id}/revoke', path) : api.POST('/api/v1/certificates/{id}/reissue', path));
            await queryClient.invalidateQueries({ queryKey: key });
            setActing(null);
          }}
        />
      )}
    </>
  );
}

/** A modal asking for the reason (kept on the certificate and shown on its public page). */
function ReasonDialog({ title, help, submitLabel, onClose, onSubmit }: { title: string; help: string; submitLabel: string; onClose: () => void; onSubmit: (reason: string) => Promise<void> }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const { register, handleSubmit, formState } = useForm<{ reason: string }>();
  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);
  const submit = handleSubmit(async ({ reason }) => {
    setFailure(null);
    try {
      await onSubmit(reason.trim());
    } catch (error) {
      setFailure(error);
    }
  });
  return (
    <dialog ref={dialog} aria-labelledby="reason-title" onClose={onClose}>
      <h2 id="reason-title">{title}</h2>
      <p>{help}</p>
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        <Field label={t('admin.certificates.reason')} hint={t('admin.certificates.reasonHint')} error={formState.errors.reason && t('admin.certificates.reasonRequired')}>
          <textarea rows={3} {...register('reason', { required: true, validate: (value) => value.trim().length > 0, maxLength: 500 })} />
        </Field>
        <ErrorNotice error={failure} />
        <div className="actions">
          <button type="submit" className="danger" disabled={formState.isSubmitting}>
            {submitLabel}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

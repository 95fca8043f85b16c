import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, SuccessNotice } from '../layout/Page';
import type { Offering } from './admin';
import { OfferingForm } from './OfferingForm';

export function OfferingDetailsSection({ offering }: { offering: Offering }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['offering', offering.id] }), queryClient.invalidateQueries({ queryKey: ['admin'] })]);
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/offerings/{id}/cancel', { params: { path: { id: offering.id } } })),
    onSuccess: refresh,
  });
  const changeable = offering.status !== 'cancelled' && offering.status !== 'completed';

  return (
    <>
      <section aria-labelledby="edit-session">
        <h2 id="edit-session">{t('admin.offering.edit')}</h2>
        {saved && <SuccessNotice>{t('common.saved')}</SuccessNotice>}
        {changeable ? (
          <OfferingForm
            key={offering.id}
            offering={offering}
            submitLabel={t('common.save')}
            onSave={async (body) => {
              setSaved(false);
              await unwrap(api.PATCH('/api/v1/offerings/{id}', { params: { path: { id: offering.id } }, body }));
              await refresh();
              setSaved(true);
            }}
          />
        ) : (
          <p>{t('admin.offering.notChangeable')}</p>
        )}
      </section>
      {changeable && (
        <section aria-labelledby="cancel-session">
          <h2 id="cancel-session">{t('admin.offering.cancel')}</h2>
          <p>{t('admin.offering.cancelHelp')}</p>
          {confirming ? (
            <div className="actions" role="group" aria-label={t('admin.offering.cancelConfirm')}>
              <p>{t('admin.offering.cancelConfirm')}</p>
              <button type="button" className="danger" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
                {t('admin.offering.cancelYes')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('admin.offering.cancelNo')}
              </button>
            </div>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              {t('admin.offering.cancel')}
            </button>
          )}
          <ErrorNotice error={cancel.error} />
        </section>
      )}
    </>
  );
}

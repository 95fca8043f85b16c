import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page, SuccessNotice, TableScroll } from '../layout/Page';
import { useCourse, useCourseOfferings } from './admin';
import { CourseForm } from './CourseForm';
import { OfferingForm } from './OfferingForm';

export function CourseAdminPage({ id }: { id: string }) {
  const { t, date } = useI18n();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const course = useCourse(id);
  const offerings = useCourseOfferings(id);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin'] });

  const move = useMutation({
    mutationFn: (to: 'publish' | 'archive') =>
      unwrap(to === 'publish' ? api.POST('/api/v1/courses/{id}/publish', { params: { path: { id } } }) : api.POST('/api/v1/courses/{id}/archive', { params: { path: { id } } })),
    onSuccess: refresh,
  });

  if (course.isPending) return <Loading />;
  if (course.error) return <ErrorNotice error={course.error} retry={() => void course.refetch()} />;
  const c = course.data;

  return (
    <Page title={c.title}>
      <p className="meta">
        <span className="mono">{c.code}</span> · {t(`courseCategory.${c.category}`)} · {t(`language.${c.language}`)} · {t(`deliveryMode.${c.deliveryMode}`)}
      </p>
      <p>
        {t('admin.course.status')}: <strong>{t(`admin.courseStatus.${c.status}`)}</strong>
      </p>
      <div className="actions">
        {c.status === 'draft' && (
          <button type="button" className="primary" disabled={move.isPending} onClick={() => move.mutate('publish')}>
            {t('admin.course.publish')}
          </button>
        )}
        {c.status === 'published' && (
          <button type="button" className="danger" disabled={move.isPending} onClick={() => move.mutate('archive')}>
            {t('admin.course.archive')}
          </button>
        )}
        <button type="button" aria-expanded={editing} onClick={() => setEditing((open) => !open)}>
          {t('admin.course.edit')}
        </button>
      </div>
      <ErrorNotice error={move.error} />
      {saved && <SuccessNotice>{t('common.saved')}</SuccessNotice>}
      {editing && (
        <section aria-labelledby="edit-course">
          <h2 id="edit-course">{t('admin.course.edit')}</h2>
          <CourseForm
            course={c}
            submitLabel={t('common.save')}
            onSave={async (body) => {
              setSaved(false);
              await unwrap(api.PATCH('/api/v1/courses/{id}', { params: { path: { id } }, body }));
              await refresh();
              setEditing(false);
              setSaved(true);
            }}
          />
        </section>
      )}

      <section aria-labelledby="sessions">
        <h2 id="sessions">{t('admin.offerings.title')}</h2>
        <ErrorNotice error={offerings.error} retry={() => void offerings.refetch()} />
        {offerings.isPending ? (
          <Loading />
        ) : offerings.data?.items.length ? (
          <TableScroll label={t('admin.offerings.title')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('admin.offering.dates')}</th>
                  <th scope="col">{t('offering.place')}</th>
                  <th scope="col">{t('admin.offering.status')}</th>
                  <th scope="col" className="number">
                    {t('offering.seats')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {offerings.data.items.map((offering) => (
                  <tr key={offering.id}>
                    <td>
                      <Link href={`/offerings/${offering.id}/enrolments`}>
                        {date(offering.startsOn)} – {date(offering.endsOn)}
                      </Link>
                    </td>
                    <td>{offering.location ?? t('offering.online')}</td>
                    <td>{t(`offeringStatus.${offering.status}`)}</td>
                    <td className="number">
                      {offering.seatsTaken} / {offering.capacity}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p className="muted">{t('admin.offerings.none')}</p>
        )}
      </section>

      {c.status !== 'archived' && (
        <section aria-labelledby="new-session">
          <h2 id="new-session">{t('admin.offerings.new')}</h2>
          <NewOffering courseId={id} onCreated={(offeringId) => navigate(`/offerings/${offeringId}/enrolments`)} />
        </section>
      )}
    </Page>
  );
}

function NewOffering({ courseId, onCreated }: { courseId: string; onCreated: (id: string) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <OfferingForm
      submitLabel={t('admin.offerings.create')}
      onSave={async (body) => {
        const offering = await unwrap(api.POST('/api/v1/courses/{id}/offerings', { params: { path: { id: courseId } }, body }));
        await queryClient.invalidateQueries({ queryKey: ['admin', 'offerings', courseId] });
        onCreated(offering.id);
      }}
    />
  );
}

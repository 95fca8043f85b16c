import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, download, unwrap } from '../api/client';
import { ApiError, errorMessage } from '../api/errors';
import type { Offering } from '../catalog/catalog';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, TableScroll } from '../layout/Page';
import { useGradebook } from '../teaching/teaching';
import { type GradeChange, GradebookGrid, type SaveOutcome } from './GradebookGrid';
import { cellKey } from './grid';

export function GradebookPage({ offering }: { offering: Offering }) {
  const { t, percent, number } = useI18n();
  const queryClient = useQueryClient();
  const book = useGradebook(offering.id);
  const [history, setHistory] = useState<{ assessmentId: string; enrollmentId: string } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  if (book.isPending) return <Loading />;
  if (book.error) return <ErrorNotice error={book.error} retry={() => void book.refetch()} />;
  const { assessments, rows } = book.data;
  if (!assessments.length) return <p>{t('gradebook.noAssessments')}</p>;

  const save = async (changes: GradeChange[], reason: string): Promise<SaveOutcome> => {
    const refused: SaveOutcome = new Map();
    const byAssessment = Map.groupBy(changes, (change) => change.assessmentId);
    await Promise.all(
      [...byAssessment].map(async ([assessmentId, list]) => {
        try {
          const answer = await unwrap(
            api.POST('/api/v1/assessments/{id}/grades', {
              params: { path: { id: assessmentId } },
              body: { grades: list.map(({ enrollmentId, score }) => ({ enrollmentId, score })), ...(reason && { reason }) },
            }),
          );
          for (const result of answer.results) {
            if (result.outcome === 'error') refused.set(cellKey(result.enrollmentId, assessmentId), errorMessage(new ApiError(409, result.code), t));
          }
        } catch (error) {
          // The whole request failed (finalised, offline…): every cell it carried says why.
          for (const change of list) refused.set(cellKey(change.enrollmentId, assessmentId), errorMessage(error, t));
        }
      }),
    );
    await queryClient.invalidateQueries({ queryKey: ['gradebook', offering.id] });
    return refused;
  };

  const nameOf = (enrollmentId: string) => rows.find((row) => row.enrollmentId === enrollmentId)?.user.fullName ?? '';
  const titleOf = (assessmentId: string) => assessments.find((a) => a.id === assessmentId)?.title ?? '';

  return (
    <>
      <p>
        <button type="button" className="link-button" onClick={() => void download(`/api/v1/offerings/${offering.id}/gradebook?format=csv`, `gradebook-${offering.course.code}.csv`).catch(setFailure)}>
          {t('gradebook.downloadCsv')}
        </button>
      </p>
      <ErrorNotice error={failure} />
      <GradebookGrid
        columns={assessments.map((a) => ({ id: a.id, title: a.title, maxScore: a.maxScore }))}
        rows={rows.map((row) => ({ enrollmentId: row.enrollmentId, name: row.user.fullName, scores: row.scores as Record<string, number | null> }))}
        onSave={save}
        onHistory={(assessmentId, enrollmentId) => setHistory({ assessmentId, enrollmentId })}
        extraHeaders={
          <>
            <th scope="col" className="number">
              {t('gradebook.attendance')}
            </th>
            <th scope="col" className="number">
              {t('gradebook.total')}
            </th>
          </>
        }
        extra={(row) => {
          const full = rows.find((r) => r.enrollmentId === row.enrollmentId)!;
          return (
            <>
              <td className="number">{full.attendancePercent === undefined || full.attendancePercent === null ? '—' : percent(full.attendancePercent / 100)}</td>
              <td className="number">{number(full.weightedTotal)}</td>
            </>
          );
        }}
      />
      {history && (
        <HistoryDialog
          assessmentId={history.assessmentId}
          enrollmentId={history.enrollmentId}
          title={t('gradebook.historyFor', { assessment: titleOf(history.assessmentId), name: nameOf(history.enrollmentId) })}
          onClose={() => setHistory(null)}
        />
      )}
    </>
  );
}

function HistoryDialog({ assessmentId, enrollmentId, title, onClose }: { assessmentId: string; enrollmentId: string; title: string; onClose: () => void }) {
  const { t, number, dateTime } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const versions = useQuery({
    queryKey: ['history', assessmentId, enrollmentId],
    queryFn: () => unwrap(api.GET('/api/v1/assessments/{id}/grades/{enrollmentId}/history', { params: { path: { id: assessmentId, enrollmentId } } })),
  });
  return (
    <dialog
      ref={(element) => {
        dialog.current = element;
        if (element && !element.open) element.showModal();
      }}
      aria-labelledby="history-title"
      onClose={onClose}
    >
      <h2 id="history-title">{title}</h2>
      <ErrorNotice error={versions.error} />
      {versions.isPending ? (
        <Loading />
      ) : versions.data?.length ? (
        <TableScroll label={t('gradebook.history')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('gradebook.version')}</th>
                <th scope="col">{t('grades.score')}</th>
                <th scope="col">{t('certificates.reason')}</th>
                <th scope="col">{t('gradebook.changedBy')}</th>
                <th scope="col">{t('gradebook.changedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((version) => (
                <tr key={version.version}>
                  <td>{version.version}</td>
                  <td className="number">{number(version.score)}</td>
                  <td>{version.reason ?? '—'}</td>
                  <td>{version.changedBy?.fullName ?? '—'}</td>
                  <td>{dateTime(version.changedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>{t('gradebook.noHistory')}</p>
      )}
      <button type="button" onClick={() => dialog.current?.close()}>
        {t('common.close')}
      </button>
    </dialog>
  );
}

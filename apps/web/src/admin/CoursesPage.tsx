import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, Loading, Page, TableScroll } from '../layout/Page';
import { useCourses } from './admin';
import { CourseForm } from './CourseForm';

export function CoursesPage() {
  const { t } = useI18n();
  const courses = useCourses();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();

  return (
    <Page title={t('admin.courses.title')}>
      <ErrorNotice error={courses.error} retry={() => void courses.refetch()} />
      {courses.isPending ? (
        <Loading />
      ) : (
        <TableScroll label={t('admin.courses.title')}>
          <table>
            <caption>{t('admin.courses.caption', { count: courses.data?.total ?? 0 })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.course.code')}</th>
                <th scope="col">{t('admin.course.title')}</th>
                <th scope="col">{t('fields.language')}</th>
                <th scope="col">{t('admin.course.status')}</th>
              </tr>
            </thead>
            <tbody>
              {courses.data?.items.map((course) => (
                <tr key={course.id}>
                  <td className="mono">{course.code}</td>
                  <td>
                    <Link href={`/courses/${course.id}`}>{course.title}</Link>
                  </td>
                  <td>{t(`language.${course.language}`)}</td>
                  <td>{t(`admin.courseStatus.${course.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section aria-labelledby="new-course">
        <h2 id="new-course">{t('admin.courses.new')}</h2>
        <CourseForm
          submitLabel={t('admin.courses.create')}
          onSave={async (body) => {
            const course = await unwrap(api.POST('/api/v1/courses', { body }));
            await queryClient.invalidateQueries({ queryKey: ['admin', 'courses'] });
            navigate(`/courses/${course.id}`);
          }}
        />
      </section>
    </Page>
  );
}

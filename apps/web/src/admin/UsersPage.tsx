import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { Field } from '../layout/Field';
import { ErrorNotice, Loading, Page, SuccessNotice, TableScroll } from '../layout/Page';
import { type AdminUser, type AssignableRole, given, type Role, ROLES } from './admin';

export function UsersPage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [done, setDone] = useState('');
  const queryClient = useQueryClient();
  const me = useSession().user;
  const users = useQuery({
    queryKey: ['admin', 'users', q, role],
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 100, ...(q.trim() && { q: q.trim() }), ...(role && { role }) } } })),
  });
  const update = useMutation({
    mutationFn: ({ user, change }: { user: AdminUser; change: { role?: AssignableRole; active?: boolean } }) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: change })),
    onMutate: () => setDone(''),
    onSuccess: (user, { change }) => {
      setDone(
        change.role ? t('admin.users.roleChanged', { name: user.fullName, role: t(`admin.role.${user.role}`) }) : t(user.active ? 'admin.users.reactivated' : 'admin.users.deactivated', { name: user.fullName }),
      );
      return queryClient.invalidateQueries({ queryKey: ['admin'] });
    },
  });

  return (
    <Page title={t('admin.users.title')}>
      <form className="filters" role="search" aria-label={t('admin.users.filters')} onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="users-q">{t('admin.users.search')}</label>
          <input id="users-q" type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="users-role">{t('admin.users.role')}</label>
          <select id="users-role" value={role} onChange={(event) => setRole(event.target.value as Role | '')}>
            <option value="">{t('common.any')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`admin.role.${r}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorNotice error={users.error ?? update.error} retry={users.error ? () => void users.refetch() : undefined} />
      {done && <SuccessNotice>{done}</SuccessNotice>}
      {users.isPending ? (
        <Loading />
      ) : (
        <TableScroll label={t('admin.users.title')}>
          <table>
            <caption>{t('admin.users.caption', { count: users.data?.total ?? 0 })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fields.fullName')}</th>
                <th scope="col">{t('fields.email')}</th>
                <th scope="col">{t('admin.users.role')}</th>
                <th scope="col">{t('admin.users.state')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data?.items.map((user) => (
                <UserRow key={user.id} user={user} self={user.id === me?.id} busy={update.isPending} onChange={(change) => update.mutate({ user, change })} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section aria-labelledby="new-user">
        <h2 id="new-user">{t('admin.users.new')}</h2>
        <NewUser />
      </section>
    </Page>
  );
}

function UserRow({ user, self, busy, onChange }: { user: AdminUser; self: boolean; busy: boolean; onChange: (change: { role?: AssignableRole; active?: boolean }) => void }) {
  const { t } = useI18n();
  const [role, setRole] = useState<Role>(user.role);
  const selectId = `role-${user.id}`;
  return (
    <tr>
      <th scope="row">{user.fullName}</th>
      <td>{user.email}</td>
      <td>
        <div className="actions">
          <label htmlFor={selectId} className="visually-hidden">
            {t('admin.users.roleOf', { name: user.fullName })}
          </label>
          <select id={selectId} value={role} disabled={self} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`admin.role.${r}`)}
              </option>
            ))}
          </select>
          {role !== user.role && (
            <button type="button" className="primary" disabled={busy} onClick={() => onChange({ role: role as AssignableRole })}>
              {t('admin.users.changeRole')}
              <span className="visually-hidden"> — {user.fullName}</span>
            </button>
          )}
        </div>
      </td>
      <td>
        <div className="actions">
          <span>{user.active ? t('admin.users.active') : t('admin.users.inactive')}</span>
          {!self && (
            <button type="button" className={user.active ? 'danger' : undefined} disabled={busy} onClick={() => onChange({ active: !user.active })}>
              {user.active ? t('admin.users.deactivate') : t('admin.users.reactivate')}
              <span className="visually-hidden"> — {user.fullName}</span>
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

interface NewUserForm {
  fullName: string;
  email: string;
  role: AssignableRole;
  password: string;
}

function NewUser() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<unknown>(null);
  const [created, setCreated] = useState('');
  const { register, handleSubmit, formState, reset, setError } = useForm<NewUserForm>({ defaultValues: { role: 'instructor' } });
  const { errors, isSubmitting } = formState;
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    setCreated('');
    try {
      const user = await unwrap(api.POST('/api/v1/users', { body: given(form) as NewUserForm }));
      setCreated(t('admin.users.created', { name: user.fullName }));
      reset();
      await queryClient.invalidateQueries({ queryKey: ['admin'] });
    } catch (error) {
      // A taken address is this field's error, said where the person looks.
      if (error instanceof ApiError && error.code === 'USER_EMAIL_TAKEN') setError('email', { type: 'taken' }, { shouldFocus: true });
      else setFailure(error);
    }
  });
  return (
    <form className="form narrow" noValidate onSubmit={(event) => void submit(event)}>
      <ErrorNotice error={failure} />
      {created && <SuccessNotice>{created}</SuccessNotice>}
      <Field label={t('fields.fullName')} error={errors.fullName && t('validation.required')}>
        <input autoComplete="off" {...register('fullName', { required: true, maxLength: 200 })} />
      </Field>
      <Field label={t('fields.email')} error={errors.email && t(errors.email.type === 'taken' ? 'admin.users.emailTaken' : 'validation.email')}>
        <input type="email" autoComplete="off" {...register('email', { required: true, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ })} />
      </Field>
      <Field label={t('admin.users.role')}>
        <select {...register('role')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`admin.role.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('fields.password')} hint={t('admin.users.passwordHint')} error={errors.password && t('validation.password')}>
        <input type="password" autoComplete="new-password" {...register('password', { validate: (value) => value === '' || value.length >= 12 })} />
      </Field>
      <div>
        <button type="submit" className="primary" disabled={isSubmitting}>
          {t('admin.users.create')}
        </button>
      </div>
    </form>
  );
}

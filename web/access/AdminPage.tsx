import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditLabel } from '../../src/access/audit-actions.ts';
import { api } from '../api.ts';
import { useCan, useMe } from '../app.tsx';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import type { AuditLog, AuditVerification, SessionIdle as IdleMinutes, TokenCreated, Tokens as TokenList, Users as UserList } from '../../src/access/api.ts';
import { LandlordHomes, Population } from './Facts.tsx';
import { Publishing } from '../statistics/Publishing.tsx';
import { RetentionSettings } from './Retention.tsx';
import { SubjectReport } from './SubjectReport.tsx';

type User = UserList['users'][number];

const when = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' });

/** Users, API tokens and the access log of the admin's or auditor's own organisation. */
export function AdminPage() {
  const { t } = useTranslation();
  const canUsers = useCan('users.manage');
  const canTokens = useCan('tokens.manage');
  const canAudit = useCan('audit.read');
  const canReport = useCan('subject.report');
  const canRetention = useCan('retention.read');
  const canFacts = useCan('statistics.facts');
  const me = useMe();
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      {canUsers && <Users />}
      {canUsers && <SessionIdle />}
      {canTokens && <Tokens />}
      {canAudit && <Audit />}
      {canReport && <SubjectReport />}
      {canRetention && <RetentionSettings />}
      {canFacts && me.organisation.kind === 'municipality' && <Population />}
      {canFacts && me.organisation.kind === 'municipality' && <Publishing />}
      {canFacts && me.organisation.kind === 'landlord' && <LandlordHomes />}
    </section>
  );
}

function Users() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['users'], queryFn: () => api<UserList>('GET', '/api/v1/users') });
  const { errors, fail, clear } = useFormErrors();
  const [actionError, setActionError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  // Bumped when a role change fails, so the role selects show the stored role again.
  const [resets, setResets] = useState(0);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['users'] });
  const create = useMutation({
    mutationFn: (body: object) => api('POST', '/api/v1/users', body),
    onMutate: clear,
    onSuccess: refresh,
    onError: fail,
  });
  const disable = useMutation({
    mutationFn: (u: User) => api('POST', `/api/v1/users/${u.id}/disable`),
    onSuccess: (_r, u) => {
      setActionError(null);
      setStatus(t('admin.disabledDone', { name: u.name }));
      refresh();
    },
    onError: (e: Error) => {
      setStatus(null);
      setActionError(e.message);
    },
  });
  const changeRole = useMutation({
    mutationFn: (v: { user: User; role: string }) => api('PUT', `/api/v1/users/${v.user.id}/role`, { role: v.role }),
    onSuccess: (_r, v) => {
      setActionError(null);
      setStatus(t('admin.roleChanged', { name: v.user.name, role: t(`roles.${v.role}`) }));
      refresh();
    },
    onError: (e: Error) => {
      setStatus(null);
      setActionError(e.message);
      setResets((n) => n + 1);
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    // Emptied once the user is created; what the server refused stays, to be corrected.
    create.mutate({ name: f.get('name'), email: f.get('email'), password: f.get('password'), role: f.get('role') }, { onSuccess: () => form.reset() });
  };
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.users')}</h2>
      <table>
        <caption>{t('admin.users')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('login.email')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('admin.status')}</th>
            <th scope="col">{t('admin.manage')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data?.users.map((u) => {
            const self = u.id === me.user?.id;
            return (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  {self || u.disabled_at ? (
                    t(`roles.${u.role}`)
                  ) : (
                    <select
                      key={`${u.role}-${resets}`}
                      aria-label={t('admin.roleOf', { name: u.name })}
                      defaultValue={u.role}
                      disabled={changeRole.isPending}
                      onChange={(e) => changeRole.mutate({ user: u, role: e.currentTarget.value })}
                    >
                      {q.data?.roles.map((r) => (
                        <option key={r} value={r}>{t(`roles.${r}`)}</option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  {u.disabled_at ? (
                    <span className="tag danger">{t('admin.disabledSince', { date: when(u.disabled_at) })}</span>
                  ) : self ? (
                    t('admin.activeYou')
                  ) : (
                    t('admin.active')
                  )}
                </td>
                <td>
                  {!u.disabled_at && !self && (
                    <button type="button" className="secondary" disabled={disable.isPending} onClick={() => disable.mutate(u)}>
                      {t('admin.disable')} <span className="visually-hidden">{u.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p role="status">{status}</p>
      {actionError && <p role="alert" className="error">{actionError}</p>}
      <form className="card" onSubmit={submit} aria-labelledby="new-user">
        <h3 id="new-user">{t('admin.newUser')}</h3>
        <div className="grid">
          <div>
            <label htmlFor="u-name">{t('admin.name')}</label>
            <input id="u-name" name="name" required {...errors.input('name', 'u-name')} />
            <FieldError errors={errors} field="name" id="u-name" />
          </div>
          <div>
            <label htmlFor="u-email">{t('login.email')}</label>
            <input id="u-email" name="email" type="email" required {...errors.input('email', 'u-email')} />
            <FieldError errors={errors} field="email" id="u-email" />
          </div>
          <div>
            <label htmlFor="u-password">{t('admin.password')}</label>
            <input id="u-password" name="password" type="password" minLength={10} required autoComplete="new-password" {...errors.input('password', 'u-password')} />
            <FieldError errors={errors} field="password" id="u-password" />
          </div>
          <div>
            <label htmlFor="u-role">{t('admin.role')}</label>
            <select id="u-role" name="role" {...errors.input('role', 'u-role')}>
              {q.data?.roles.map((r) => (
                <option key={r} value={r}>{t(`roles.${r}`)}</option>
              ))}
            </select>
            <FieldError errors={errors} field="role" id="u-role" />
          </div>
        </div>
        {errors.message && <p role="alert" className="error">{errors.message}</p>}
        <button type="submit">{t('admin.create')}</button>
      </form>
    </section>
  );
}

function Tokens() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['tokens'], queryFn: () => api<TokenList>('GET', '/api/v1/tokens') });
  const [created, setCreated] = useState<string | null>(null);
  const { errors, fail, clear } = useFormErrors();
  const create = useMutation({
    mutationFn: (name: string) => api<TokenCreated>('POST', '/api/v1/tokens', { name }),
    onMutate: clear,
    onError: fail,
    onSuccess: (r) => {
      setCreated(r.token);
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/v1/tokens/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('admin.tokens')}</h2>
      <p className="sub">{t('admin.tokensHelp')}</p>
      <ul className="plain">
        {q.data?.tokens.map((tk) => (
          <li key={tk.id}>
            {tk.name} · {when(tk.created_at)} {tk.revoked_at ? `· ${t('admin.revoked')}` : ''}
            {!tk.revoked_at && (
              <button type="button" className="link" onClick={() => revoke.mutate(tk.id)}>
                {t('admin.revoke')} <span className="visually-hidden">{tk.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(String(new FormData(e.currentTarget).get('tokenName') ?? 'API'));
        }}
      >
        <div>
          <label htmlFor="token-name">{t('admin.tokenName')}</label>
          <input id="token-name" name="tokenName" required {...errors.input('name', 'token-name')} />
          <FieldError errors={errors} field="name" id="token-name" />
        </div>
        <button type="submit">{t('admin.createToken')}</button>
      </form>
      {errors.message && <p role="alert" className="error">{errors.message}</p>}
      {created && (
        <p role="status" className="note">
          {t('admin.tokenOnce')} <code>{created}</code>
        </p>
      )}
    </section>
  );
}

function Audit() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['audit'], queryFn: () => api<AuditLog>('GET', '/api/v1/audit?limit=200') });
  const [verify, setVerify] = useState<string | null>(null);
  const check = async () => {
    const r = await api<AuditVerification>('GET', '/api/v1/audit/verify');
    setVerify(r.ok ? t('admin.chainOk', { rows: r.rows }) : t('admin.chainBroken', { id: r.firstBroken?.id, problem: r.firstBroken?.problem }));
  };
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.audit')}</h2>
      <div className="toolbar">
        <button type="button" className="secondary" onClick={() => void check()}>{t('admin.verify')}</button>
        <span role="status">{verify}</span>
      </div>
      <table>
        <caption>{t('admin.auditCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.when')}</th>
            <th scope="col">{t('admin.who')}</th>
            <th scope="col">{t('admin.action')}</th>
            <th scope="col">{t('admin.subject')}</th>
            <th scope="col">{t('admin.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data?.events.map((e) => (
            <tr key={e.id}>
              <td>{when(e.at)}</td>
              <td>{e.actor_name ?? (e.actor_token_id ? t('admin.apiToken') : 'Bokvar')}</td>
              <td>{auditLabel(e.action, i18n.language === 'en' ? 'en' : 'sv')}</td>
              <td>
                {e.subject_type} {e.subject_id ?? ''}
              </td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** How long a session of the organisation may go unused before it ends (issue 12 §21). */
function SessionIdle() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['users'], queryFn: () => api<UserList>('GET', '/api/v1/users') });
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, fail, clear } = useFormErrors();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const minutes = Number(new FormData(e.currentTarget).get('minutes'));
    setSaved(null);
    clear();
    try {
      const res = await api<IdleMinutes>('PUT', '/api/v1/organisation/session-idle', { minutes });
      setSaved(t('admin.idleSaved', { minutes: res.minutes }));
      void q.refetch();
    } catch (err) {
      fail(err);
    }
  };
  if (!q.data) return null;
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="idle-title" className="narrow">
      <h2 id="idle-title">{t('admin.idleTitle')}</h2>
      <label htmlFor="idle-minutes">{t('admin.idleMinutes')}</label>
      <input id="idle-minutes" name="minutes" type="number" min={5} max={1440} required defaultValue={q.data.sessionIdleMinutes} key={q.data.sessionIdleMinutes} {...errors.input('minutes', 'idle-minutes')} />
      <FieldError errors={errors} field="minutes" id="idle-minutes" />
      <button type="submit">{t('admin.idleSave')}</button>
      {saved && <p role="status">{saved}</p>}
      {errors.message && <p role="alert">{errors.message}</p>}
    </form>
  );
}

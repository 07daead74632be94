import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoggedIn } from '../../src/access/api.ts';
import { ApiError, api, setCsrfToken } from '../api.ts';
import { setLanguage } from '../i18n/index.ts';

export function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [chosenLanguage, setChosenLanguage] = useState(false);
  // The same address and password open accounts in more than one organisation: the person picks one.
  const [organisations, setOrganisations] = useState<{ id: string; name: string }[]>([]);
  // A new address or password may open other accounts: the choice offered for the old ones goes.
  const forget = () => organisations.length > 0 && setOrganisations([]);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const organisation = form.get('organisation');
      const r = await api<LoggedIn>('POST', '/api/v1/session', {
        email: form.get('email'), password: form.get('password'), ...(organisation ? { organisation } : {}),
      });
      setCsrfToken(r.csrfToken);
      // A language chosen here, before logging in, becomes the user's; otherwise the user's own applies.
      if (chosenLanguage) await api('PUT', '/api/v1/session/locale', { locale: i18n.language === 'en' ? 'en' : 'sv' }).catch(() => undefined);
      onLoggedIn();
    } catch (err) {
      const choices = err instanceof ApiError && err.code === 'choose_organisation' ? (err.details as { organisations?: { id: string; name: string }[] }).organisations : undefined;
      setOrganisations(choices ?? []);
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="login">
      <h1>{t('app.name')}</h1>
      <p>{t('login.intro')}</p>
      <form onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h2 id="login-title">{t('login.title')}</h2>
        <label htmlFor="email">{t('login.email')}</label>
        <input id="email" name="email" type="email" autoComplete="username" required onChange={forget} />
        <label htmlFor="password">{t('login.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required onChange={forget} />
        {organisations.length > 0 && (
          <fieldset>
            <legend>{t('login.organisation')}</legend>
            {organisations.map((o, i) => (
              <label key={o.id}>
                <input type="radio" name="organisation" value={o.id} defaultChecked={i === 0} /> {o.name}
              </label>
            ))}
          </fieldset>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      <button type="button" className="link" onClick={() => {
          setLanguage(i18n.language === 'sv' ? 'en' : 'sv');
          setChosenLanguage(true);
        }} lang={i18n.language === 'sv' ? 'en' : 'sv'}>
        {t('app.language')}
      </button>
    </main>
  );
}

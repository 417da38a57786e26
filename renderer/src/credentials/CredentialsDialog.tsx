import { useCallback, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { useApp } from '../store/context';
import type { CredentialsRequest } from '../store/types';

/**
 * Asks for a username and password when the engine needs them (`credentials-request`). The password lives
 * only in this form's local state, goes out once with credentials.provide and is cleared at once.
 */
export function CredentialsDialog() {
  const request = useApp((s) => s.credentialsRequest);
  if (!request) return null;
  // A new question starts with an empty form.
  return <CredentialsForm key={request.requestId} request={request} />;
}

function CredentialsForm({ request }: { request: CredentialsRequest }) {
  const { t } = useTranslation();
  const provide = useApp((s) => s.provideCredentials);
  const cancel = useApp((s) => s.cancelCredentials);
  const vault = useApp((s) => s.info?.vault.strength ?? 'file-key');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [reveal, setReveal] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const ids = { user: useId(), pass: useId(), remember: useId(), rememberHint: useId(), refused: useId() };
  const onClose = useCallback(() => void cancel(), [cancel]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (username.trim() === '') return;
    const secret = password;
    // Forget it here before anything else can render it again.
    setPassword('');
    void provide(username, secret, remember);
  };

  return (
    <Dialog
      open
      title={t('credentials.title', { name: request.profileName })}
      closeLabel={t('settings.close')}
      onClose={onClose}
      initialFocus={usernameRef}
      closeOnBackdrop={false}
      testId="credentials-dialog"
    >
      <form className="credentials" onSubmit={submit} autoComplete="off">
        <p>{t('credentials.intro', { name: request.profileName })}</p>
        {request.previousFailed ? (
          <p className="notice notice--error" role="alert" id={ids.refused} data-testid="credentials-refused">
            {t('credentials.refused')}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={ids.user} className="field__label">
            {t('credentials.username')}
          </label>
          <input
            id={ids.user}
            ref={usernameRef}
            className="field__control"
            name="username"
            autoComplete="username"
            autoCapitalize="off"
            spellCheck={false}
            required
            maxLength={512}
            value={username}
            aria-describedby={request.previousFailed ? ids.refused : undefined}
            onChange={(e) => setUsername(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.pass} className="field__label">
            {t('credentials.password')}
          </label>
          <div className="field__row">
            <input
              id={ids.pass}
              className="field__control"
              name="password"
              type={reveal ? 'text' : 'password'}
              autoComplete="current-password"
              spellCheck={false}
              maxLength={4096}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button
              variant="ghost"
              size="sm"
              aria-pressed={reveal}
              aria-controls={ids.pass}
              onClick={() => setReveal((r) => !r)}
            >
              {t(reveal ? 'credentials.hide' : 'credentials.show')}
            </Button>
          </div>
        </div>
        <div className="check">
          <input
            id={ids.remember}
            type="checkbox"
            checked={remember}
            aria-describedby={ids.rememberHint}
            onChange={(e) => setRemember(e.currentTarget.checked)}
          />
          <div>
            <label htmlFor={ids.remember} className="check__label">
              {t('credentials.remember')}
            </label>
            <p className="check__hint" id={ids.rememberHint}>
              {t(`credentials.sealed.${vault}`)} {t('credentials.sessionOnly')}
            </p>
          </div>
        </div>
        <div className="dialog__actions">
          <Button variant="secondary" onClick={onClose}>
            {t('credentials.cancel')}
          </Button>
          <Button variant="primary" type="submit" disabled={username.trim() === ''}>
            {t('credentials.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { Credentials, MfaEnrollmentSecret } from '../api/auth-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { Explained, explainRefusal, groupedSecret, oneTimeCodeOf, qrCodeDataUrl, recoveryCodesFile } from './two-step-setup';

/**
 * Setting up two-step verification once it has been started (`enrollment`, from the password):
 * the QR code and the key to type, a first code to confirm, then the recovery codes — shown
 * this once, so the person must say they stored them before going on. Used at log-in (a company
 * that requires it) and in the settings.
 */
export function TwoStepSetup({ credentials, enrollment, onFinished, onCancel }: { credentials: Credentials; enrollment: MfaEnrollmentSecret; onFinished: () => void; onCancel: () => void }) {
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  return recoveryCodes ? (
    <RecoveryCodes codes={recoveryCodes} credentials={credentials} onFinished={onFinished} />
  ) : (
    <ConfirmSetup credentials={credentials} enrollment={enrollment} onConfirmed={setRecoveryCodes} onCancel={onCancel} />
  );
}

function ConfirmSetup({ credentials, enrollment, onConfirmed, onCancel }: { credentials: Credentials; enrollment: MfaEnrollmentSecret; onConfirmed: (codes: string[]) => void; onCancel: () => void }) {
  const { api } = useConsole();
  const { t } = useTranslation();
  const headingId = useId();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [qrCode, setQrCode] = useState<string>();
  const [typed, setTyped] = useState('');
  const [formatWrong, setFormatWrong] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Explained>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let current = true;
    // Without a QR code the typed key still works: a failure here only leaves the image out.
    qrCodeDataUrl(enrollment.otpauthUri).then(
      (url) => current && setQrCode(url),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [enrollment.otpauthUri]);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    const code = oneTimeCodeOf(typed);
    setFormatWrong(code === undefined);
    setRefusal(undefined);
    setError(undefined);
    if (!code) return;
    setBusy(true);
    try {
      const { recoveryCodes } = await api.auth.confirmMfaEnrollment(credentials, code);
      onConfirmed(recoveryCodes);
    } catch (caught) {
      const explained = explainRefusal(caught, 'set-up');
      if (explained) setRefusal(explained);
      else setError(caught);
      setBusy(false);
    }
  }

  return (
    <div>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {t('twoStep.scanHeading')}
      </h2>
      <p>{t('twoStep.scan')}</p>
      {qrCode ? (
        // 41×41 modules with the quiet zone: 200 px gives ~5 px a module, enough for any phone camera.
        <img src={qrCode} width={200} height={200} alt={t('twoStep.qrAlt', { email: credentials.email })} />
      ) : (
        <p role="status">{t('twoStep.qrPending')}</p>
      )}
      <p>{t('twoStep.secret')}</p>
      <p>
        <code data-testid="totp-secret" translate="no">
          {groupedSecret(enrollment.secret)}
        </code>
      </p>
      <form onSubmit={confirm} aria-labelledby={headingId} noValidate>
        <p>{t('twoStep.confirmStep')}</p>
        <Field label={t('login.code')} hint={t('twoStep.codeHint')} error={formatWrong ? t('twoStep.codeFormat') : undefined}>
          {(id, describedBy, invalid) => (
            <input
              id={id}
              name="oneTimeCode"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
            />
          )}
        </Field>
        {refusal && (
          <p className="notice notice-error" role="alert">
            {t(refusal.key, refusal.values)}
          </p>
        )}
        <ErrorNotice error={error} />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t('twoStep.confirm')}
          </button>
          <button type="button" onClick={onCancel} disabled={busy}>
            {t('twoStep.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

function RecoveryCodes({ codes, credentials, onFinished }: { codes: string[]; credentials: Credentials; onFinished: () => void }) {
  const { t, language } = useTranslation();
  const headingId = useId();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [stored, setStored] = useState(false);
  const [copied, setCopied] = useState<boolean>();
  const file = recoveryCodesFile(
    codes,
    {
      title: t('twoStep.fileTitle'),
      account: t('twoStep.fileAccount', { tenant: credentials.tenant, email: credentials.email }),
      created: t('twoStep.fileCreated', { date: new Date().toLocaleDateString(language === 'ja' ? 'ja-JP' : 'en-GB') }),
      note: t('twoStep.fileNote'),
    },
    credentials.tenant,
  );

  async function copy() {
    try {
      await navigator.clipboard.writeText(file.text);
      setCopied(true);
    } catch {
      // No clipboard (permission refused, an old browser): the download still works.
      setCopied(false);
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([file.text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.name;
    link.click();
    // Not at once: some browsers still read the blob after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <div>
      <p className="notice notice-ok" role="status">
        {t('twoStep.enabled')}
      </p>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {t('twoStep.recoveryHeading')}
      </h2>
      <p>{t('twoStep.recoveryIntro')}</p>
      <ol aria-labelledby={headingId} data-testid="recovery-codes" translate="no">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="row">
        <button type="button" onClick={copy}>
          {t('twoStep.copy')}
        </button>
        <button type="button" onClick={download}>
          {t('twoStep.download')}
        </button>
      </div>
      {copied !== undefined && (
        <p className={copied ? 'notice notice-ok' : 'notice notice-error'} role="status">
          {t(copied ? 'twoStep.copied' : 'twoStep.copyFailed')}
        </p>
      )}
      <div>
        <label className="checkbox">
          <input type="checkbox" checked={stored} onChange={(event) => setStored(event.target.checked)} />
          {t('twoStep.stored')}
        </label>
      </div>
      <button type="button" className="primary" disabled={!stored} onClick={onFinished}>
        {t('twoStep.continue')}
      </button>
    </div>
  );
}

/**
 * Each step replaces what the person was looking at (and the button they pressed): the focus
 * goes to the new step's heading, so keyboard and screen-reader users are told where they are.
 */
function useFocusOnMount<T extends HTMLElement>() {
  const element = useRef<T>(null);
  useEffect(() => element.current?.focus(), []);
  return element;
}

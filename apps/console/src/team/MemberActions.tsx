import { useRef, useState } from 'react';
import type { TeamMember } from '../api/team-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { canDisable, canResendInvitation } from './team-rules';

/**
 * What the viewer may do with one account: send a pending invitation again, or disable it.
 * Disabling ends the person's console access at once and cannot be undone, so it asks first.
 */
export function MemberActions({ member, onDone }: { member: TeamMember; onDone: (message: string, moveFocus?: boolean) => void }) {
  const { api, principal } = useConsole();
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const disableButton = useRef<HTMLButtonElement>(null);
  // A double click must not send two requests (two mails, or a 409 for the second disable). The
  // buttons themselves stay enabled: a disabled button would drop the keyboard focus.
  const inFlight = useRef(false);
  const name = member.displayName ?? member.email ?? t('team.unreadable');

  async function run(action: () => Promise<unknown>, message: string, moveFocus: boolean) {
    if (inFlight.current) return;
    inFlight.current = true;
    setError(undefined);
    setBusy(true);
    try {
      await action();
      setConfirming(false);
      onDone(message, moveFocus);
    } catch (caught) {
      setError(caught);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  function cancel() {
    setConfirming(false);
    disableButton.current?.focus();
  }

  const resendable = canResendInvitation(principal, member);
  const disablable = canDisable(principal, member);
  if (!resendable && !disablable) return null;
  return (
    <div>
      <div className="row">
        {resendable && (
          <button type="button" aria-label={t('team.resendNamed', { name })} aria-busy={busy && !confirming} onClick={() => void run(() => api.team.resendInvitation(member.id), t('team.resent', { email: member.email ?? name }), false)}>
            {t('team.resend')}
          </button>
        )}
        {disablable && (
          <button ref={disableButton} type="button" aria-label={t('team.disableNamed', { name })} onClick={() => (setError(undefined), setConfirming(true))}>
            {t('team.disable')}
          </button>
        )}
      </div>
      {confirming && (
        <div className="notice" role="alert">
          <p>{t('team.disableConfirm', { name })}</p>
          <div className="row">
            <button type="button" className="primary danger" onClick={() => void run(() => api.team.disable(member.id), t('team.disabled', { name }), true)} disabled={busy} aria-busy={busy}>
              {t('team.disableConfirmed')}
            </button>
            <button type="button" onClick={cancel} disabled={busy}>
              {t('team.disableCancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorNotice error={error} />
    </div>
  );
}

import { useRef, useState } from 'react';
import type { TeamMember } from '../api/team-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { canDisable, canResendInvitation, canResetSecondFactor } from './team-rules';

type Confirmation = 'disable' | 'resetTwoStep';

/**
 * What the viewer may do with one account: send a pending invitation again, reset its two-step
 * verification (owners, for someone who lost their phone), or disable it. Disabling and the
 * reset end the person's sessions and cannot be undone, so they ask first and say what happens.
 */
export function MemberActions({ member, onDone }: { member: TeamMember; onDone: (message: string, moveFocus?: boolean) => void }) {
  const { api, principal } = useConsole();
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState<Confirmation>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const disableButton = useRef<HTMLButtonElement>(null);
  const resetButton = useRef<HTMLButtonElement>(null);
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
      setConfirming(undefined);
      onDone(message, moveFocus);
    } catch (caught) {
      setError(caught);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  function cancel() {
    const opener = confirming === 'resetTwoStep' ? resetButton : disableButton;
    setConfirming(undefined);
    opener.current?.focus();
  }

  const resendable = canResendInvitation(principal, member);
  const resettable = canResetSecondFactor(principal, member);
  const disablable = canDisable(principal, member);
  if (!resendable && !resettable && !disablable) return null;
  return (
    <div>
      <div className="row">
        {resendable && (
          <button type="button" aria-label={t('team.resendNamed', { name })} aria-busy={busy && !confirming} onClick={() => void run(() => api.team.resendInvitation(member.id), t('team.resent', { email: member.email ?? name }), false)}>
            {t('team.resend')}
          </button>
        )}
        {resettable && (
          <button ref={resetButton} type="button" aria-label={t('team.resetTwoStepNamed', { name })} onClick={() => (setError(undefined), setConfirming('resetTwoStep'))}>
            {t('team.resetTwoStep')}
          </button>
        )}
        {disablable && (
          <button ref={disableButton} type="button" aria-label={t('team.disableNamed', { name })} onClick={() => (setError(undefined), setConfirming('disable'))}>
            {t('team.disable')}
          </button>
        )}
      </div>
      {confirming && (
        <div className="notice" role="alert" data-testid={confirming === 'disable' ? 'disable-confirmation' : 'reset-two-step-confirmation'}>
          <p>{t(confirming === 'disable' ? 'team.disableConfirm' : 'team.resetTwoStepConfirm', { name })}</p>
          <div className="row">
            <button
              type="button"
              className="primary danger"
              onClick={() =>
                void (confirming === 'disable'
                  ? run(() => api.team.disable(member.id), t('team.disabled', { name }), true)
                  : run(() => api.team.resetSecondFactor(member.id), t('team.resetTwoStepDone', { name }), true))
              }
              disabled={busy}
              aria-busy={busy}
            >
              {t(confirming === 'disable' ? 'team.disableConfirmed' : 'team.resetTwoStepConfirmed')}
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

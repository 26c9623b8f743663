import { useOwnSafetyChecks } from './own-safety-checks-context';
import { OwnSafetyCheckCard } from './OwnSafetyCheckCard';

/**
 * "Your safety check" above every screen (issue 6 §1): each open safety check that asked the
 * signed-in person, to answer or change the answer right there. Nothing when the account is
 * not linked to a person in the directory or nothing open asked them.
 */
export function OwnSafetyCheckRegion() {
  const { list } = useOwnSafetyChecks();
  if (!list?.linked || list.safetyChecks.length === 0) return null;
  // Keyed by alert: a form keeps what is being typed across the list's reads.
  return (
    <>
      {list.safetyChecks.map((check) => (
        <OwnSafetyCheckCard key={check.alertId} check={check} />
      ))}
    </>
  );
}

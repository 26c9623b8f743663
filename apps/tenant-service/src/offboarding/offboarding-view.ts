import { PurgePolicy } from './purge-policy';

export interface OffboardingFacts {
  status: 'active' | 'disabled';
  disabledAt: Date | null;
  purgedAt: Date | null;
}

/** Where an employee stands in off-boarding, as the console shows it. */
export interface OffboardingView {
  state: 'active' | 'awaiting_purge' | 'purged';
  disabledAt: string | null;
  /** When the personal data will be (or was due to be) erased; null while active. */
  purgeAfter: string | null;
  purgedAt: string | null;
}

export function toOffboardingView(facts: OffboardingFacts, policy: PurgePolicy): OffboardingView {
  const disabledAt = facts.status === 'disabled' ? facts.disabledAt : null;
  return {
    state: facts.purgedAt ? 'purged' : disabledAt ? 'awaiting_purge' : 'active',
    disabledAt: disabledAt?.toISOString() ?? null,
    purgeAfter: disabledAt ? policy.purgeAfter(disabledAt).toISOString() : null,
    purgedAt: facts.purgedAt?.toISOString() ?? null,
  };
}

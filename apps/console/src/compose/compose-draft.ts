import type { AlertTarget, Channel, CreateAlertRequest } from '../api/dispatch-api';
import type { ChosenPerson } from './chosen-people';

/** The compose form as the admin fills it in; kept in sessionStorage so an expired session loses nothing. */
export interface ComposeDraft {
  /** One per form instance: a double click, a retry or a re-send after logging in again create one alert. */
  idempotencyKey: string;
  template: string;
  title: string;
  message: string;
  targetKind: AlertTarget['kind'];
  departmentIds: string[];
  prefectureCodes: string[];
  match: 'work' | 'home' | 'work_or_home';
  groupIds: string[];
  /** Chosen by name, with what the list shows after a reload (see ChosenPerson). */
  people: ChosenPerson[];
  channels: Channel[];
  drill: boolean;
  resendIntervalMinutes: number;
  resendMaxRounds: number;
}

const storageKey = 'anpi.composeDraft';

export function newDraft(newKey: () => string, resendDefaults = { intervalMinutes: 15, maxRounds: 4 }): ComposeDraft {
  return {
    idempotencyKey: newKey(),
    template: '',
    title: '',
    message: '',
    targetKind: 'all',
    departmentIds: [],
    prefectureCodes: [],
    match: 'work_or_home',
    groupIds: [],
    people: [],
    channels: ['email'],
    drill: false,
    resendIntervalMinutes: resendDefaults.intervalMinutes,
    resendMaxRounds: resendDefaults.maxRounds,
  };
}

export function loadDraft(storage: Pick<Storage, 'getItem'>): ComposeDraft | undefined {
  try {
    const parsed = JSON.parse(storage.getItem(storageKey) ?? 'null') as ComposeDraft | null;
    // A draft saved before groups and people could be chosen has neither list.
    return parsed && typeof parsed.idempotencyKey === 'string' ? { ...parsed, groupIds: parsed.groupIds ?? [], people: parsed.people ?? [] } : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(storage: Pick<Storage, 'setItem'>, draft: ComposeDraft): void {
  storage.setItem(storageKey, JSON.stringify(draft));
}

export function discardDraft(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(storageKey);
}

/** The target the draft describes, or undefined while it is incomplete (no department chosen yet…). */
export function targetOf(draft: ComposeDraft): AlertTarget | undefined {
  switch (draft.targetKind) {
    case 'all':
      return { kind: 'all' };
    case 'departments':
      return draft.departmentIds.length ? { kind: 'departments', departmentIds: draft.departmentIds } : undefined;
    case 'prefectures':
      return draft.prefectureCodes.length ? { kind: 'prefectures', prefectureCodes: draft.prefectureCodes, match: draft.match } : undefined;
    case 'groups':
      return draft.groupIds.length ? { kind: 'groups', groupIds: draft.groupIds } : undefined;
    case 'employees':
      // Only the ids leave the browser; names and numbers are for the list on screen.
      return draft.people.length ? { kind: 'employees', employeeIds: draft.people.map((person) => person.id) } : undefined;
  }
}

export function requestOf(draft: ComposeDraft): CreateAlertRequest | undefined {
  const target = targetOf(draft);
  if (!target || !draft.title.trim() || !draft.message.trim() || draft.channels.length === 0) return undefined;
  return {
    title: draft.title.trim(),
    message: draft.message.trim(),
    target,
    channels: draft.channels,
    drill: draft.drill,
    resend: { intervalMinutes: draft.resendIntervalMinutes, maxRounds: draft.resendMaxRounds },
  };
}

/** Ready-made wording for the usual emergencies; the admin edits it before sending. */
export const templates: Record<string, { ja: { title: string; message: string }; en: { title: string; message: string } }> = {
  earthquake: {
    ja: { title: '地震発生：安否確認', message: '大きな地震が発生しました。身の安全を確保し、安否を回答してください。' },
    en: { title: 'Earthquake: are you safe?', message: 'A strong earthquake has occurred. Stay safe and tell us how you are.' },
  },
  tsunami: {
    ja: { title: '津波警報：安否確認', message: '津波警報が発表されました。直ちに高台へ避難し、安全な場所から回答してください。' },
    en: { title: 'Tsunami warning: are you safe?', message: 'A tsunami warning has been issued. Move to high ground now and answer from a safe place.' },
  },
  drill: {
    ja: { title: '【訓練】安否確認', message: 'これは訓練です。安否を回答してください。' },
    en: { title: '[Drill] Safety check', message: 'This is a drill. Please answer.' },
  },
};

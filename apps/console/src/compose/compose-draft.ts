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
  /** In the order they are tried: the next only after the previous failed for good (bad address, unsubscribed). */
  channels: Channel[];
  drill: boolean;
  resendIntervalMinutes: number;
  resendMaxRounds: number;
  /** Answers are taken this long after sending, then the alert closes by itself. */
  autoCloseAfterHours: number;
  /** Ask everyone in the company after `widenAfterMinutes` (people away from their registered area); never for "everyone". */
  widenToAll: boolean;
  widenAfterMinutes: number;
}

/** What the dispatch service accepts (createAlertCommandSchema), and what a new draft starts with. */
export const alertTiming = {
  autoCloseAfterHours: { min: 1, max: 720, initial: 72 },
  widenAfterMinutes: { min: 1, max: 1440, initial: 60 },
} as const;

/** The fields added after drafts were first kept: a draft saved before them reads as these. */
const laterFields = () => ({
  groupIds: [] as string[],
  people: [] as ChosenPerson[],
  autoCloseAfterHours: alertTiming.autoCloseAfterHours.initial as number,
  widenToAll: false,
  widenAfterMinutes: alertTiming.widenAfterMinutes.initial as number,
});

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
    channels: ['email'],
    drill: false,
    resendIntervalMinutes: resendDefaults.intervalMinutes,
    resendMaxRounds: resendDefaults.maxRounds,
    ...laterFields(),
  };
}

export function loadDraft(storage: Pick<Storage, 'getItem'>): ComposeDraft | undefined {
  try {
    const parsed = JSON.parse(storage.getItem(storageKey) ?? 'null') as Partial<ComposeDraft> | null;
    if (!parsed || typeof parsed.idempotencyKey !== 'string') return undefined;
    // A draft saved before groups, people, closing or widening could be chosen lacks those fields;
    // a number field left empty was saved as null. Both read as the defaults.
    const kept = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== null));
    return { ...laterFields(), ...kept } as ComposeDraft;
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

/** Widening to everyone is offered for every target but "everyone", who are all asked already. */
export function canWiden(draft: Pick<ComposeDraft, 'targetKind'>): boolean {
  return draft.targetKind !== 'all';
}

/** A whole number the service takes for that setting (an emptied number field holds NaN). */
export function withinLimits(value: number, limits: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= limits.min && value <= limits.max;
}

function timingIsValid(draft: ComposeDraft): boolean {
  const widens = canWiden(draft) && draft.widenToAll;
  return withinLimits(draft.autoCloseAfterHours, alertTiming.autoCloseAfterHours) && (!widens || withinLimits(draft.widenAfterMinutes, alertTiming.widenAfterMinutes));
}

export function requestOf(draft: ComposeDraft): CreateAlertRequest | undefined {
  const target = targetOf(draft);
  if (!target || !draft.title.trim() || !draft.message.trim() || draft.channels.length === 0 || !timingIsValid(draft)) return undefined;
  return {
    title: draft.title.trim(),
    message: draft.message.trim(),
    target,
    channels: draft.channels,
    drill: draft.drill,
    resend: { intervalMinutes: draft.resendIntervalMinutes, maxRounds: draft.resendMaxRounds },
    autoCloseAfterHours: draft.autoCloseAfterHours,
    ...(canWiden(draft) && draft.widenToAll ? { widenToAllAfterMinutes: draft.widenAfterMinutes } : {}),
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

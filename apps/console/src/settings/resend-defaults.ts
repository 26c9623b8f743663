/** The re-send policy a new compose form starts with; chosen in Settings, kept on this device. */
export interface ResendDefaults {
  intervalMinutes: number;
  maxRounds: number;
}

const key = 'anpi.resendDefaults';

export function resendDefaults(storage: Pick<Storage, 'getItem'>): ResendDefaults {
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? 'null') as Partial<ResendDefaults> | null;
    const intervalMinutes = Number(parsed?.intervalMinutes);
    const maxRounds = Number(parsed?.maxRounds);
    return {
      intervalMinutes: Number.isInteger(intervalMinutes) && intervalMinutes >= 5 && intervalMinutes <= 1440 ? intervalMinutes : 15,
      maxRounds: Number.isInteger(maxRounds) && maxRounds >= 0 && maxRounds <= 10 ? maxRounds : 4,
    };
  } catch {
    return { intervalMinutes: 15, maxRounds: 4 };
  }
}

export function saveResendDefaults(storage: Pick<Storage, 'setItem'>, defaults: ResendDefaults): void {
  storage.setItem(key, JSON.stringify(defaults));
}

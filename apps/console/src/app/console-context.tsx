import { createContext, useCallback, useContext } from 'react';
import { ConsoleApi } from '../api/console-api';
import { errorMessageKey } from '../api/api-error';
import { Language, MessageKey, translate } from '../i18n/messages';
import { Principal } from '../api/auth-api';

export interface ConsoleContextValue {
  api: ConsoleApi;
  language: Language;
  setLanguage: (language: Language) => void;
  navigate: (path: string) => void;
  principal: Principal | undefined;
}

export const ConsoleContext = createContext<ConsoleContextValue | undefined>(undefined);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside ConsoleContext');
  return value;
}

/** `t(key, values)` in the chosen language, and `describe(error)` in plain words. */
export function useTranslation() {
  const { language } = useConsole();
  const t = useCallback((key: MessageKey, values?: Record<string, string | number>) => translate(language, key, values), [language]);
  const describe = useCallback(
    (error: unknown) => {
      const key = errorMessageKey(error);
      return key ? translate(language, key) : translate(language, 'error.invalid', { message: (error as Error).message });
    },
    [language],
  );
  return { t, describe, language };
}

import { useTranslation } from '../app/console-context';
import { refusalMessageKey } from './refusal-message';

/** An API error in plain words, announced to screen readers. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t, describe } = useTranslation();
  if (error === undefined || error === null) return null;
  const refusal = refusalMessageKey(error);
  return (
    <p className="notice notice-error" role="alert">
      {refusal ? t(refusal) : describe(error)}
    </p>
  );
}

import { useTranslation } from '../app/console-context';

/** An API error in plain words, announced to screen readers. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { describe } = useTranslation();
  if (error === undefined || error === null) return null;
  return (
    <p className="notice notice-error" role="alert">
      {describe(error)}
    </p>
  );
}

import { useState } from 'react';
import type { ChannelPreview, MessagePreviewRequest, TemplateLanguage } from '../api/dispatch-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { MessagePreviewList } from '../settings/MessagePreviewList';
import { languageNames, previewsInOrder } from '../settings/message-templates';
import type { ComposeDraft } from './compose-draft';
import { previewRequestOf, samePreviewedWording } from './compose-preview';

/**
 * The alert being written as recipients will get it, with the company's texts: only the channels
 * chosen, in the order they will be tried. First in the console's language; the other language
 * (employees may read either) is one switch away.
 */
export function ComposePreview({ draft }: { draft: ComposeDraft }) {
  const { api, language: consoleLanguage } = useConsole();
  const { t } = useTranslation();
  const [language, setLanguage] = useState<TemplateLanguage>(consoleLanguage);
  const [shown, setShown] = useState<{ request: MessagePreviewRequest; channels: ChannelPreview[] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function load(inLanguage: TemplateLanguage) {
    const request = previewRequestOf(draft, inLanguage);
    setBusy(true);
    setError(undefined);
    try {
      setShown({ request, channels: (await api.dispatch.previewMessages(request)).channels });
    } catch (caught) {
      setShown(undefined);
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function switchLanguage(next: TemplateLanguage) {
    setLanguage(next);
    // Once a preview is on screen, the switch shows the same alert in the other language at once.
    if (shown) void load(next);
  }

  const outdated = shown !== undefined && !samePreviewedWording(shown.request, previewRequestOf(draft, language));
  return (
    <section aria-labelledby="compose-preview-heading">
      <h2 id="compose-preview-heading">{t('compose.previewHeading')}</h2>
      <fieldset className="plain">
        <legend className="hint">{t('compose.previewLanguage')}</legend>
        {(['ja', 'en'] as const).map((choice) => (
          <label key={choice} className="radio">
            <input type="radio" name="preview-language" value={choice} checked={language === choice} onChange={() => switchLanguage(choice)} />
            {languageNames[choice]}
          </label>
        ))}
      </fieldset>
      <button type="button" onClick={() => void load(language)} disabled={busy} aria-busy={busy}>
        {busy ? t('compose.previewing') : t('compose.preview')}
      </button>
      <ErrorNotice error={error} />
      {shown && (
        <>
          <p className="hint">{t('compose.previewSample')}</p>
          {outdated && <p className="notice" role="status">{t('compose.previewOutdated')}</p>}
          {draft.channels.length === 0 ? <p className="hint">{t('compose.previewNoChannels')}</p> : <MessagePreviewList previews={previewsInOrder(shown.channels, draft.channels)} testId="compose-previews" />}
        </>
      )}
    </section>
  );
}

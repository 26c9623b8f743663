import type { ChannelPreview } from '../api/dispatch-api';
import { useTranslation } from '../app/console-context';
import { channelLimitPreviewText } from '../compose/channel-limit-problem';
import { carriesSubject } from './message-templates';

/**
 * Messages as recipients will get them, one channel after another: the subject, the text as
 * it is sent (line breaks kept, long links wrapped), its length and, for SMS, the segments
 * billed. A channel that cannot carry the message says so in words, not only in colour.
 */
export function MessagePreviewList({ previews, testId }: { previews: ChannelPreview[]; testId: string }) {
  const { t } = useTranslation();
  const failing = previews.filter((preview) => !preview.fits).length;
  return (
    <>
      <p role="status">{failing > 0 ? t('preview.summaryFailing', { count: previews.length, failing }) : t('preview.summary', { count: previews.length })}</p>
      <ul className="message-previews" data-testid={testId}>
        {previews.map((preview) => (
          <li key={preview.channel} data-channel={preview.channel}>
            <strong>{t(`channel.${preview.channel}`)}</strong>
            {preview.fits ? (
              <FittingPreview preview={preview} />
            ) : (
              <p className="notice notice-warning">{t('preview.doesNotFit', { problem: channelLimitPreviewText(preview.channel, preview.exceeded, preview.problem, t) })}</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function FittingPreview({ preview }: { preview: Extract<ChannelPreview, { fits: true }> }) {
  const { t, language } = useTranslation();
  const length = t('preview.characters', { count: preview.characters.toLocaleString(language) });
  return (
    <>
      {preview.subject && carriesSubject(preview.channel) && (
        <p className="message-preview-subject">
          {t('preview.subject')}: {preview.subject}
        </p>
      )}
      <pre className="message-preview">{preview.body}</pre>
      <p className="hint">{preview.sms ? `${length} · ${t('preview.sms', { segments: preview.sms.segments, encoding: preview.sms.encoding })}` : length}</p>
    </>
  );
}

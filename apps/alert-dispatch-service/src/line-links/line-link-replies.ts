import { assertProviderUrl, callProvider, isSuccessStatus, providerEndpoint } from '../channels/provider-http';
import type { LineChannelSettings } from '../channels/tenant-channel-settings';

/** A reply to one webhook event (LINE's reply API: free of charge, valid for a minute). */
export interface LineReply {
  replyToken: string;
  text: string;
}

/** What the official account answers; bilingual where the person is not known yet. */
export const lineReplyTexts = {
  linked: {
    ja: 'LINEの連携が完了しました。これから安否確認がこのLINEにも届きます。',
    en: 'Your LINE account is linked: safety checks will reach you here from now on.',
  },
  unusableCode:
    'このコードは使えません（期限切れか、別の会社のものです）。回答ページの「LINEで受け取る」からやり直してください。\n' +
    'This code cannot be used (it has expired, or belongs to another company). Start again from "Get safety checks on LINE" on your answer page.',
  welcome:
    '友だち追加ありがとうございます。安否確認をLINEで受け取るには、メールなどで届いた回答ページの「LINEで受け取る」を押してください。\n' +
    'Thank you for adding us. To get safety checks on LINE, tap "Get safety checks on LINE" on an answer page you received.',
} as const;

const REPLY_TIMEOUT_MS = 5_000;

/**
 * Sends the replies after the links are committed, by the same rules as the LINE channel's
 * pushes (https unless the installation allows plain-http providers, no redirects, bounded
 * answers). Best effort: a reply that fails changes nothing stored, and the person sees the
 * result with the next safety check anyway.
 */
export async function sendLineReplies(
  line: LineChannelSettings,
  replies: readonly LineReply[],
  options: { allowPlainHttp: boolean; onFailure: (reason: string) => void },
): Promise<void> {
  await Promise.all(
    replies.map(async (reply) => {
      try {
        const endpoint = providerEndpoint(assertProviderUrl(line.baseUrl, options.allowPlainHttp), 'v2/bot/message/reply');
        const response = await callProvider(
          endpoint,
          {
            headers: { authorization: `Bearer ${line.channelAccessToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ replyToken: reply.replyToken, messages: [{ type: 'text', text: reply.text }] }),
          },
          AbortSignal.timeout(REPLY_TIMEOUT_MS),
        );
        if (!isSuccessStatus(response.status)) options.onFailure(`LINE reply API answered ${response.status}`);
      } catch (error) {
        options.onFailure(`LINE reply not sent: ${(error as Error).message}`);
      }
    }),
  );
}

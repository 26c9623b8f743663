import { ChannelMessage } from './channel';

/** What the service worker on the answer page receives (decrypted) and shows as a notification. */
export interface PushNotificationPayload {
  title: string;
  body: string;
  url: string;
  drill: boolean;
  deliveryId: string;
}

export function pushNotificationPayload(message: Pick<ChannelMessage, 'subject' | 'body' | 'answerUrl' | 'drill' | 'deliveryId'>): PushNotificationPayload {
  return { title: message.subject, body: message.body, url: message.answerUrl, drill: message.drill, deliveryId: message.deliveryId };
}

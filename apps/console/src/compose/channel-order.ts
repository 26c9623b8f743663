import type { Channel } from '../api/dispatch-api';
import { movedOnePlace } from '../components/list-order';

/** Every channel an alert can use, in the order the form lists the ones not chosen yet. */
export const allChannels: readonly Channel[] = ['email', 'web-push', 'sms', 'line', 'webhook'];

export type Direction = 'up' | 'down';

/** One row of the composer's channel list; `position` (from 1) only for a chosen channel. */
export interface ChannelRow {
  channel: Channel;
  position?: number;
}

/**
 * Every channel in one list: the chosen first, in the order they are tried (numbered), then the
 * others in the usual order, ready to be ticked.
 */
export function channelRows(chosen: readonly Channel[]): ChannelRow[] {
  return [...chosen.map((channel, index) => ({ channel, position: index + 1 })), ...allChannels.filter((channel) => !chosen.includes(channel)).map((channel) => ({ channel }))];
}

/**
 * The list with `value` added last or taken out, the order of the rest kept: a channel ticked
 * is tried after those already chosen (also used for the departments and prefectures chosen).
 */
export function toggled<T>(list: T[], value: T, chosen: boolean): T[] {
  const rest = list.filter((item) => item !== value);
  return chosen ? [...rest, value] : rest;
}

/** Whether `channel` can move one place `direction` (the first cannot go up, the last cannot go down). */
export function canMove(channels: Channel[], channel: Channel, direction: Direction): boolean {
  const index = channels.indexOf(channel);
  return index >= 0 && (direction === 'up' ? index > 0 : index < channels.length - 1);
}

/** The channels with `channel` swapped with its neighbour `direction`; unchanged when it cannot move. */
export function moveChannel(channels: Channel[], channel: Channel, direction: Direction): Channel[] {
  if (!canMove(channels, channel, direction)) return channels;
  return [...movedOnePlace(channels, channels.indexOf(channel), direction === 'up' ? -1 : 1)];
}

/**
 * Which of the moved channel's buttons keeps the focus: the one pressed, unless the channel has
 * reached the end it moved towards (that button is then disabled), when it is the other one.
 */
export function focusAfterMove(channels: Channel[], channel: Channel, direction: Direction): Direction {
  return canMove(channels, channel, direction) ? direction : direction === 'up' ? 'down' : 'up';
}

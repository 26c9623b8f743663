import { useLayoutEffect, useRef, useState } from 'react';
import type { Channel } from '../api/dispatch-api';
import { useTranslation } from '../app/console-context';
import { allChannels, canMove, Direction, focusAfterMove, moveChannel, toggled } from './channel-order';

/**
 * The channels an alert uses, in the order they are tried: the chosen as a numbered list, each
 * with buttons that move it up or down (named after the channel), and every channel as a check
 * box to add it (last) or take it out. A move is announced, and the focus stays on the moved
 * channel's button although its row moved.
 */
export function ChannelOrder({ channels, onChange }: { channels: Channel[]; onChange: (channels: Channel[]) => void }) {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<{ channel: Channel; direction: Direction }>();
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const name = (channel: Channel) => t(`channel.${channel}`);

  // After the list re-rendered in its new order (React may have moved the row, and the focus with it).
  useLayoutEffect(() => {
    if (focus) buttons.current.get(`${focus.channel}-${focus.direction}`)?.focus();
  }, [focus]);

  function move(channel: Channel, direction: Direction) {
    const next = moveChannel(channels, channel, direction);
    onChange(next);
    setFocus({ channel, direction: focusAfterMove(next, channel, direction) });
    setAnnouncement(t('compose.channelOrder.moved', { channel: name(channel), position: next.indexOf(channel) + 1, order: next.map(name).join(' → ') }));
  }

  const moveButton = (channel: Channel, direction: Direction) => (
    <button
      type="button"
      ref={(element) => void (element ? buttons.current.set(`${channel}-${direction}`, element) : buttons.current.delete(`${channel}-${direction}`))}
      aria-label={t(direction === 'up' ? 'compose.channelOrder.upNamed' : 'compose.channelOrder.downNamed', { channel: name(channel) })}
      disabled={!canMove(channels, channel, direction)}
      onClick={() => move(channel, direction)}
    >
      {t(direction === 'up' ? 'compose.channelOrder.up' : 'compose.channelOrder.down')}
    </button>
  );

  return (
    <fieldset>
      <legend>{t('compose.channels')}</legend>
      <p id="channel-order-heading" className="hint">
        {t('compose.channelOrder')}
      </p>
      {channels.length === 0 ? (
        <p className="hint">{t('compose.channelOrder.none')}</p>
      ) : (
        <ol aria-labelledby="channel-order-heading" data-testid="channel-order">
          {channels.map((channel) => (
            <li key={channel} data-channel={channel}>
              <span className="row" style={{ alignItems: 'center' }}>
                <span style={{ minWidth: '7rem' }}>{name(channel)}</span>
                {moveButton(channel, 'up')}
                {moveButton(channel, 'down')}
              </span>
            </li>
          ))}
        </ol>
      )}
      <p className="hint">{t('compose.channelOrder.hint')}</p>
      <p id="channel-choices-heading" className="hint" style={{ marginTop: '0.75rem' }}>
        {t('compose.channelChoices')}
      </p>
      <div className="row" role="group" aria-labelledby="channel-choices-heading">
        {allChannels.map((channel) => (
          <label key={channel} className="checkbox">
            <input type="checkbox" name="channels" value={channel} checked={channels.includes(channel)} onChange={(event) => onChange(toggled(channels, channel, event.target.checked))} />
            {name(channel)}
          </label>
        ))}
      </div>
      <p className="hint" role="status" data-testid="channel-announcement">
        {announcement}
      </p>
    </fieldset>
  );
}

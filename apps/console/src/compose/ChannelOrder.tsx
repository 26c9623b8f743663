import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { Channel } from '../api/dispatch-api';
import { useTranslation } from '../app/console-context';
import { canMove, channelRows, Direction, focusAfterMove, moveChannel, toggled } from './channel-order';

/** A control of a channel's row that keeps the keyboard after its row moved. */
type Control = 'checkbox' | Direction;

/**
 * The channels an alert uses, in one list: the chosen first, in the order they are tried, each
 * with its check box, its number and buttons that move it up or down (named after the channel);
 * then the others, each with its check box to add it (last). A tick, an untick or a move is
 * announced, and the focus stays on the control used although its row moved.
 */
export function ChannelOrder({ channels, onChange }: { channels: Channel[]; onChange: (channels: Channel[]) => void }) {
  const { t } = useTranslation();
  const idPrefix = useId();
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<{ channel: Channel; control: Control }>();
  const controls = useRef(new Map<string, HTMLElement>());
  const name = (channel: Channel) => t(`channel.${channel}`);
  const order = (list: Channel[]) => list.map(name).join(' → ');
  const positionId = (channel: Channel) => `${idPrefix}-${channel}-position`;
  const keep = (channel: Channel, control: Control) => (element: HTMLElement | null) =>
    void (element ? controls.current.set(`${channel}-${control}`, element) : controls.current.delete(`${channel}-${control}`));

  // After the list re-rendered in its new order (React may have moved the row, and the focus with it).
  useLayoutEffect(() => {
    if (focus) controls.current.get(`${focus.channel}-${focus.control}`)?.focus();
  }, [focus]);

  function choose(channel: Channel, chosen: boolean) {
    const next = toggled(channels, channel, chosen);
    onChange(next);
    setFocus({ channel, control: 'checkbox' });
    setAnnouncement(
      chosen ? t('compose.channelOrder.added', { channel: name(channel), position: next.indexOf(channel) + 1, order: order(next) }) : t('compose.channelOrder.removed', { channel: name(channel) }),
    );
  }

  function move(channel: Channel, direction: Direction) {
    const next = moveChannel(channels, channel, direction);
    onChange(next);
    setFocus({ channel, control: focusAfterMove(next, channel, direction) });
    setAnnouncement(t('compose.channelOrder.moved', { channel: name(channel), position: next.indexOf(channel) + 1, order: order(next) }));
  }

  const moveButton = (channel: Channel, direction: Direction) => (
    <button
      type="button"
      ref={keep(channel, direction)}
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
      <ul data-testid="channel-order" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {channelRows(channels).map(({ channel, position }) => (
          <li key={channel} data-channel={channel} data-chosen={position !== undefined}>
            <span className="row" style={{ alignItems: 'center' }}>
              <label className="checkbox" style={{ minWidth: '8rem' }}>
                <input
                  ref={keep(channel, 'checkbox')}
                  type="checkbox"
                  name="channels"
                  value={channel}
                  checked={position !== undefined}
                  aria-describedby={position === undefined ? undefined : positionId(channel)}
                  onChange={(event) => choose(channel, event.target.checked)}
                />
                {name(channel)}
              </label>
              {position !== undefined && (
                <>
                  <span id={positionId(channel)} style={{ minWidth: '4rem' }}>
                    {t('compose.channelOrder.position', { position })}
                  </span>
                  {moveButton(channel, 'up')}
                  {moveButton(channel, 'down')}
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
      {channels.length === 0 && <p className="hint">{t('compose.channelOrder.none')}</p>}
      <p className="hint">{t('compose.channelOrder.hint')}</p>
      <p className="hint" role="status" data-testid="channel-announcement">
        {announcement}
      </p>
    </fieldset>
  );
}

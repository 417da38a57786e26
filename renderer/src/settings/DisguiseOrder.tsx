import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisguiseMode, DisguiseSettings } from '../../../main/core/disguise/settings';
import { DISGUISE_DEFAULTS, DISGUISE_KINDS } from './engine-defaults';
import { moveEntry, orderRows } from './protocol-order';
import { OrderRow, type OrderControl } from './OrderRow';
import { useSetting } from './use-setting';

type Kind = DisguiseSettings['order'][number];
type Control = OrderControl;

/** Ticks or unticks a disguise; unlike protocols, every disguise may be left out (plain routes still work). */
function toggleKind(order: readonly Kind[], kind: Kind): Kind[] {
  return order.includes(kind) ? order.filter((k) => k !== kind) : [...order, kind];
}

/**
 * The disguises in the order they are tried, each with a box to use it and buttons to move it. Moving or
 * ticking a row re-orders the list, which can take the focus away with the row; the control the user pressed
 * (or its neighbour, when that one is now disabled) gets it back, so the keyboard never loses its place.
 */
export function DisguiseOrder({ mode }: { mode: DisguiseMode }) {
  const { t } = useTranslation();
  const setting = useSetting<Kind[]>('disguise.order', DISGUISE_DEFAULTS.order);
  const order = setting.value;
  const rows = orderRows(order, DISGUISE_KINDS);
  const list = useRef<HTMLOListElement>(null);
  // Which control to give the focus back to once the re-ordered list is on screen.
  const refocus = useRef<{ kind: Kind; control: Control } | null>(null);

  useEffect(() => {
    const target = refocus.current;
    if (!target) return;
    refocus.current = null;
    const row = list.current?.querySelector(`[data-entry="${target.kind}"]`);
    const pick = (control: Control) =>
      row?.querySelector<HTMLElement>(`[data-control="${control}"]:not(:disabled)`) ?? null;
    const other: Control = target.control === 'up' ? 'down' : target.control === 'down' ? 'up' : 'use';
    (pick(target.control) ?? pick(other) ?? pick('use'))?.focus();
  }, [order]);

  const change = (next: Kind[], kind: Kind, control: Control) => {
    refocus.current = { kind, control };
    void setting.set(next);
  };

  return (
    <fieldset className="settings-field" disabled={mode === 'never'} aria-busy={setting.saving || undefined}>
      <legend className="field__label">{t('disguiseSettings.order')}</legend>
      <p className="field__hint">{t('disguiseSettings.orderHint')}</p>
      <ol className="order-list" ref={list} data-testid="disguise-order">
        {rows.map(({ entry, used }) => {
          const name = t(`disguises.kind.${entry}`);
          const index = order.indexOf(entry);
          return (
            <OrderRow
              key={entry}
              entry={entry}
              name={name}
              used={used}
              index={index}
              count={order.length}
              upLabel={t('disguiseSettings.moveUp', { name })}
              downLabel={t('disguiseSettings.moveDown', { name })}
              onChange={(control) =>
                change(
                  control === 'use' ? toggleKind(order, entry) : moveEntry(order, entry, control === 'up' ? -1 : 1),
                  entry,
                  control,
                )
              }
            />
          );
        })}
      </ol>
      {order.length === 0 && mode !== 'never' ? (
        <p className="field__hint" data-testid="disguise-none-ticked">
          {t(`disguiseSettings.noneTicked.${mode}`)}
        </p>
      ) : null}
    </fieldset>
  );
}

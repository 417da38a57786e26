import { useTranslation } from 'react-i18next';
import { FAILOVER_DEFAULTS, KNOWN_PROTOCOL_ENTRIES } from './engine-defaults';
import { moveEntry, orderRows, protocolLabel, toggleEntry } from './protocol-order';
import { OrderRow } from './OrderRow';
import { useSetting } from './use-setting';

/**
 * Which ways of connecting failover may use and in which order (protocol fallback): ticked entries are
 * tried top to bottom, unticked ones never.
 */
export function ProtocolOrder() {
  const { t } = useTranslation();
  const setting = useSetting<string[]>('failover.protocolOrder', FAILOVER_DEFAULTS.protocolOrder);
  const order = setting.value;
  const rows = orderRows(order, KNOWN_PROTOCOL_ENTRIES);

  return (
    <fieldset className="settings-field" aria-busy={setting.saving || undefined}>
      <legend className="field__label">{t('failover.protocolOrder')}</legend>
      <p className="field__hint">{t('failover.protocolOrderHint')}</p>
      <ol className="order-list" data-testid="protocol-order">
        {rows.map(({ entry, used }) => {
          const name = protocolLabel(t, entry);
          const index = order.indexOf(entry);
          return (
            <OrderRow
              key={entry}
              entry={entry}
              name={name}
              used={used}
              index={index}
              count={order.length}
              lockUse={order.length === 1}
              upLabel={t('failover.moveUp', { name })}
              downLabel={t('failover.moveDown', { name })}
              onChange={(control) =>
                void setting.set(
                  control === 'use' ? toggleEntry(order, entry) : moveEntry(order, entry, control === 'up' ? -1 : 1),
                )
              }
            />
          );
        })}
      </ol>
    </fieldset>
  );
}

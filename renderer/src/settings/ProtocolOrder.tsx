import { useTranslation } from 'react-i18next';
import { Icon } from '../components/icons';
import { FAILOVER_DEFAULTS, KNOWN_PROTOCOL_ENTRIES } from './engine-defaults';
import { moveEntry, orderRows, protocolLabel, toggleEntry } from './protocol-order';
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
            <li key={entry} className={used ? 'order-row' : 'order-row order-row--off'} data-entry={entry}>
              <label className="order-row__label">
                <input
                  type="checkbox"
                  checked={used}
                  disabled={used && order.length === 1}
                  onChange={() => void setting.set(toggleEntry(order, entry))}
                />
                {used ? <span className="order-row__rank">{index + 1}</span> : null}
                <span>{name}</span>
              </label>
              {used ? (
                <span className="order-row__moves">
                  <button
                    type="button"
                    className="btn btn--ghost btn--sm"
                    aria-label={t('failover.moveUp', { name })}
                    title={t('failover.moveUp', { name })}
                    disabled={index === 0}
                    onClick={() => void setting.set(moveEntry(order, entry, -1))}
                  >
                    <Icon name="up" />
                  </button>
                  <button
                    type="button"
                    className="btn btn--ghost btn--sm"
                    aria-label={t('failover.moveDown', { name })}
                    title={t('failover.moveDown', { name })}
                    disabled={index === order.length - 1}
                    onClick={() => void setting.set(moveEntry(order, entry, 1))}
                  >
                    <Icon name="down" />
                  </button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}

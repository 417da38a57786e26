import { Icon } from '../components/icons';

export type OrderControl = 'use' | 'up' | 'down';

export interface OrderRowProps {
  entry: string;
  name: string;
  used: boolean;
  /** Position in the order (0-based), or -1 when unticked. */
  index: number;
  count: number;
  /** The box may not be unticked (the last protocol failover has). */
  lockUse?: boolean;
  upLabel: string;
  downLabel: string;
  onChange: (control: OrderControl) => void;
}

/**
 * One row of an ordered, tickable list (failover protocols, disguises): a box to use it, its rank, and buttons
 * to move it. `data-control` names each control so a list that re-orders can give the focus back.
 */
export function OrderRow({ entry, name, used, index, count, lockUse, upLabel, downLabel, onChange }: OrderRowProps) {
  return (
    <li className={used ? 'order-row' : 'order-row order-row--off'} data-entry={entry}>
      <label className="order-row__label">
        <input
          type="checkbox"
          checked={used}
          disabled={used && lockUse}
          data-control="use"
          onChange={() => onChange('use')}
        />
        {used ? <span className="order-row__rank">{index + 1}</span> : null}
        <span>{name}</span>
      </label>
      {used ? (
        <span className="order-row__moves">
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            aria-label={upLabel}
            title={upLabel}
            disabled={index === 0}
            data-control="up"
            onClick={() => onChange('up')}
          >
            <Icon name="up" />
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            aria-label={downLabel}
            title={downLabel}
            disabled={index === count - 1}
            data-control="down"
            onClick={() => onChange('down')}
          >
            <Icon name="down" />
          </button>
        </span>
      ) : null}
    </li>
  );
}

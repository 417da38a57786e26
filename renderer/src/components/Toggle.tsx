import { useId, type ReactNode } from 'react';

export interface ToggleProps {
  label: ReactNode;
  /** What turning it on means, in one or two sentences. */
  hint?: ReactNode;
  checked: boolean;
  disabled?: boolean;
  busy?: boolean;
  onChange(checked: boolean): void;
  testId?: string;
}

/** An on/off setting: a native checkbox (keyboard and screen readers work as usual) drawn as a switch. */
export function Toggle({ label, hint, checked, disabled, busy, onChange, testId }: ToggleProps) {
  const hintId = useId();
  return (
    <label className="toggle" aria-busy={busy || undefined}>
      <input
        type="checkbox"
        role="switch"
        className="toggle__input"
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? hintId : undefined}
        data-testid={testId}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      <span className="toggle__track" aria-hidden="true">
        <span className="toggle__thumb" />
      </span>
      <span className="toggle__text">
        <span className="toggle__label">{label}</span>
        {hint ? (
          <span className="toggle__hint" id={hintId}>
            {hint}
          </span>
        ) : null}
      </span>
    </label>
  );
}

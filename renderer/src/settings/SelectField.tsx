import { useId } from 'react';

export interface SelectFieldProps<T extends string | number> {
  label: string;
  hint?: string;
  value: T;
  options: Array<{ value: T; label: string }>;
  disabled?: boolean;
  onChange(value: T): void;
  testId?: string;
}

/** A labelled native select; values keep their type (numbers stay numbers). */
export function SelectField<T extends string | number>(props: SelectFieldProps<T>) {
  const { label, hint, value, options, disabled, onChange, testId } = props;
  const id = useId();
  const hintId = useId();
  return (
    <div className="field settings-field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        className="field__control field__control--select"
        value={String(value)}
        disabled={disabled}
        aria-describedby={hint ? hintId : undefined}
        data-testid={testId}
        onChange={(e) => {
          const chosen = options.find((o) => String(o.value) === e.currentTarget.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

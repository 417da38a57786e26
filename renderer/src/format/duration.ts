/** A duration split into the two largest parts worth showing: "1 h 02 min", "3 min 12 s", "12 s". */
export type DurationParts =
  | { unit: 'seconds'; s: number }
  | { unit: 'minutes'; m: number; s: number }
  | { unit: 'hours'; h: number; m: number }
  | { unit: 'days'; d: number; h: number };

export function splitDuration(ms: number): DurationParts {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return { unit: 'days', d, h };
  if (h > 0) return { unit: 'hours', h, m };
  if (m > 0) return { unit: 'minutes', m, s };
  return { unit: 'seconds', s };
}

import type { ReactNode } from 'react';

/**
 * Small inline icons (no icon font: the CSP allows only our own files, and inline SVG needs none).
 * They are decorative: every icon sits beside words that say the same.
 */
function Svg({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <svg
      className={className ?? 'icon'}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

export type IconName =
  | 'shield-check'
  | 'check'
  | 'warning'
  | 'danger'
  | 'stop'
  | 'info'
  | 'minus'
  | 'connection'
  | 'servers'
  | 'activity'
  | 'settings'
  | 'close'
  | 'up'
  | 'down';

const PATHS: Record<IconName, ReactNode> = {
  'shield-check': (
    <>
      <path d="M8 1.5 13.5 3.5v4c0 3.4-2.3 5.9-5.5 7-3.2-1.1-5.5-3.6-5.5-7v-4z" />
      <path d="m5.5 8 1.8 1.8L10.8 6.3" />
    </>
  ),
  check: (
    <>
      <circle cx="8" cy="8" r="6.2" />
      <path d="m5.3 8.2 1.8 1.8 3.6-3.8" />
    </>
  ),
  warning: (
    <>
      <path d="M8 1.8 14.6 13.6H1.4z" />
      <path d="M8 6.2v3.4M8 11.7v.1" />
    </>
  ),
  danger: (
    <>
      <path d="M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z" />
      <path d="M8 4.6v4.2M8 11.2v.1" />
    </>
  ),
  stop: (
    <>
      <circle cx="8" cy="8" r="6.2" />
      <path d="m5.6 5.6 4.8 4.8M10.4 5.6l-4.8 4.8" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="6.2" />
      <path d="M8 7.2v4M8 4.8v.1" />
    </>
  ),
  minus: (
    <>
      <circle cx="8" cy="8" r="6.2" />
      <path d="M5.2 8h5.6" />
    </>
  ),
  connection: (
    <>
      <path d="M8 1.5 13.5 3.5v4c0 3.4-2.3 5.9-5.5 7-3.2-1.1-5.5-3.6-5.5-7v-4z" />
    </>
  ),
  servers: (
    <>
      <rect x="2" y="2.5" width="12" height="4.5" rx="1.2" />
      <rect x="2" y="9" width="12" height="4.5" rx="1.2" />
      <path d="M4.8 4.75h.1M4.8 11.25h.1" />
    </>
  ),
  activity: (
    <>
      <path d="M1.5 8.5h3l1.8-4.5 3.2 8 1.8-3.5h3.2" />
    </>
  ),
  settings: (
    <>
      <circle cx="8" cy="8" r="2.2" />
      <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
    </>
  ),
  close: <path d="m4 4 8 8M12 4l-8 8" />,
  up: <path d="m4 10 4-4 4 4" />,
  down: <path d="m4 6 4 4 4-4" />,
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return <Svg className={className}>{PATHS[name]}</Svg>;
}

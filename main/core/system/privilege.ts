/** True when this process may change network configuration directly (root). */
export function runsAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export const NOT_PRIVILEGED_MESSAGE =
  "Connecting needs administrator rights; run the command with sudo — the desktop app's privileged helper is not available yet";

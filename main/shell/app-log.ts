import path from 'node:path';
import log from 'electron-log/node';

/**
 * The app's log file, <data dir>/logs/holdfast.log (rotated at 1 MB). electron-log's Node flavour is used
 * on purpose: its Electron flavour opens an IPC channel of its own, and the window gets no IPC beyond the
 * contract. Nothing logged here may carry a secret: callers pass core's already-safe messages.
 */
export interface AppLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createAppLog(dataDir: string): AppLog {
  log.transports.file.resolvePathFn = () => path.join(dataDir, 'logs', 'holdfast.log');
  log.transports.file.maxSize = 1024 * 1024;
  return {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message) => log.error(message),
  };
}

import { HelperClient } from './helper-client';

/**
 * Where the remote ports get their helper connection. A plain HelperClient is a fixed connection; a
 * HelperSupervisor starts the helper on first use and again after it has gone, so the app can ask for
 * administrator rights when the user connects rather than at every start.
 */
export interface HelperLink {
  /** The connected client, starting the helper first when none is running. */
  client(): Promise<HelperClient>;
  /** The client connected right now, without starting anything. */
  current(): HelperClient | undefined;
}

export function toHelperLink(source: HelperClient | HelperLink): HelperLink {
  if (!(source instanceof HelperClient)) return source;
  return {
    client: async () => source,
    current: () => (source.isClosed ? undefined : source),
  };
}

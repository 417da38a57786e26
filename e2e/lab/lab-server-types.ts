// Its own module so lab.ts, lab-server.ts (which starts servers) and lab-wireguard.ts (which renders their
// client settings) all name a server without importing each other in a loop.

/** What a lab server offers: a WireGuard server and a page that exists only behind it. */
export interface LabServer {
  index: number;
  name: string;
  ns: string;
  underlayIp: string;
  tunnelIp: string;
  pageUrl: string;
  pageText: string;
  /** A client .conf for this server, written in lab.dir. */
  wireguardConfPath: string;
  /** The same client settings as data, for tests that build a profile without the parser. */
  wireguard: {
    clientPrivateKey: string;
    clientPublicKey: string;
    clientAddress: string;
    serverPublicKey: string;
    endpoint: { host: string; port: number };
    dns: string;
    interfaceName: string;
  };
}

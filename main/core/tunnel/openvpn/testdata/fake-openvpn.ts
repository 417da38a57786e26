import type { ManagementSocket } from '../management-client';

/**
 * Plays OpenVPN's side of the management conversation for driver tests: greets with the hold, answers
 * commands the way OpenVPN 2.6 does, and replays scripted output after `hold release` and after the
 * password. Data arrives asynchronously, like a real socket's.
 */
export class FakeOpenVpnManagement implements ManagementSocket {
  readonly received: string[] = [];
  closed = false;
  /** Sent after `hold release` succeeds. */
  afterHoldRelease = ">PASSWORD:Need 'Auth' username/password\r\n";
  /** Sent after the password command succeeds. */
  afterPassword = '';
  /** What happens on `signal SIGTERM`. */
  onSigterm: () => void = () => undefined;
  private dataListeners: Array<(chunk: string) => void> = [];
  private closeListeners: Array<() => void> = [];

  constructor(
    private readonly greeting = ">INFO:OpenVPN Management Interface Version 5 -- type 'help' for more info\r\n>HOLD:Waiting for hold release:0\r\n",
  ) {}

  write(data: string): void {
    for (const line of data.split('\n').filter((l) => l !== '')) this.command(line);
  }

  onData(listener: (chunk: string) => void): void {
    this.dataListeners.push(listener);
    // OpenVPN greets each client as it connects.
    if (this.dataListeners.length === 1) this.send(this.greeting);
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    this.hangUp();
  }

  /** Sends raw text to the client on a later turn of the event loop. */
  send(text: string): void {
    setImmediate(() => {
      if (this.closed) return;
      for (const l of this.dataListeners) l(text);
    });
  }

  hangUp(): void {
    setImmediate(() => {
      if (this.closed) return;
      this.closed = true;
      for (const l of this.closeListeners) l();
    });
  }

  private command(line: string): void {
    this.received.push(line);
    const [name] = line.split(' ');
    switch (name) {
      case 'state':
        this.send('SUCCESS: real-time state notification set to ON\r\n');
        break;
      case 'log':
        if (line === 'log all')
          this.send(
            '1795917873,I,OpenVPN 2.6.14 x86_64-pc-linux-gnu\r\n1795917873,,Need hold release from management interface, waiting...\r\nEND\r\n',
          );
        else this.send('SUCCESS: real-time log notification set to ON\r\n');
        break;
      case 'bytecount':
        this.send('SUCCESS: bytecount interval changed\r\n');
        break;
      case 'hold':
        this.send('SUCCESS: hold release succeeded\r\n');
        this.send(this.afterHoldRelease);
        break;
      case 'username':
        this.send("SUCCESS: 'Auth' username entered, but not yet verified\r\n");
        break;
      case 'password':
        this.send("SUCCESS: 'Auth' password entered, but not yet verified\r\n");
        this.send(this.afterPassword);
        break;
      case 'signal':
        this.send(`SUCCESS: signal ${line.split(' ')[1]} thrown\r\n`);
        this.onSigterm();
        break;
      default:
        this.send("ERROR: unknown command, enter 'help' for more options\r\n");
    }
  }
}

/** The server's side of a successful UDP connect (from a recorded 2.6.14 session). */
export const CONNECT_SCRIPT = [
  '>STATE:1795917873,WAIT,,,,,,',
  '>STATE:1795917873,AUTH,,,,,,',
  '>LOG:1795917873,,Control Channel: TLSv1.3, cipher TLSv1.3 TLS_AES_256_GCM_SHA384, peer certificate: 256 bits ECprime256v1, signature: ecdsa-with-SHA256, peer temporary key: 253 bits X25519',
  '>LOG:1795917873,I,[lab-server] Peer Connection Initiated with [AF_INET]192.0.2.1:1194',
  ">LOG:1795917873,,PUSH: Received control message: 'PUSH_REPLY,dhcp-option DNS 10.99.0.1,redirect-gateway def1,route-gateway 10.99.0.1,topology subnet,ping 10,ping-restart 60,ifconfig 10.99.0.2 255.255.255.0,peer-id 0,cipher AES-256-GCM,auth-token SESS_ID_topsecret'",
  '>STATE:1795917873,ASSIGN_IP,,10.99.0.2,,,,',
  '>LOG:1795917873,,net_route_v4_add: 192.0.2.1/32 via 192.0.2.254 dev eth0 table 0 metric -1',
  '>LOG:1795917873,,net_route_v4_add: 0.0.0.0/1 via 10.99.0.1 dev [NULL] table 0 metric -1',
  '>LOG:1795917873,,net_route_v4_add: 128.0.0.0/1 via 10.99.0.1 dev [NULL] table 0 metric -1',
  '>LOG:1795917873,I,Initialization Sequence Completed',
  '>STATE:1795917873,CONNECTED,SUCCESS,10.99.0.2,192.0.2.1,1194,,',
  ">LOG:1795917873,,Data Channel: cipher 'AES-256-GCM', peer-id: 0",
  '>BYTECOUNT:2296,2360',
  '',
].join('\r\n');

export const EXIT_SCRIPT = [
  '>LOG:1795917876,,net_route_v4_del: 192.0.2.1/32 via 192.0.2.254 dev [NULL] table 0 metric -1',
  '>LOG:1795917876,,net_route_v4_del: 0.0.0.0/1 via 10.99.0.1 dev [NULL] table 0 metric -1',
  '>LOG:1795917876,,net_route_v4_del: 128.0.0.0/1 via 10.99.0.1 dev [NULL] table 0 metric -1',
  '>STATE:1795917876,EXITING,SIGTERM,,,,,',
  '',
].join('\r\n');

export const AUTH_FAILED_SCRIPT = [
  '>STATE:1795917252,AUTH,,,,,,',
  '>LOG:1795917252,,AUTH: Received control message: AUTH_FAILED',
  ">PASSWORD:Verification Failed: 'Auth'",
  '>LOG:1795917252,I,SIGTERM[soft,auth-failure] received, process exiting',
  '>STATE:1795917252,EXITING,auth-failure,,,,,',
  '',
].join('\r\n');

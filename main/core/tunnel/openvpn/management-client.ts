import { ManagementLineParser, type ManagementMessage } from './management-parser';
import { quoteAlways } from './quoting';

/** The byte stream to OpenVPN's management socket; a unix socket in production, a fake in tests. */
export interface ManagementSocket {
  write(data: string): void;
  onData(listener: (chunk: string) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

export interface CommandReply {
  /** The SUCCESS text, or '' for multi-line replies. */
  message: string;
  /** Body lines of a multi-line reply (before END). */
  lines: string[];
}

export class ManagementCommandError extends Error {
  constructor(
    /** The command name only: arguments may be credentials. */
    readonly command: string,
    message: string,
  ) {
    super(`${command}: ${message}`);
    this.name = 'ManagementCommandError';
  }
}

interface Pending {
  name: string;
  multiLine: boolean;
  lines: string[];
  resolve(reply: CommandReply): void;
  reject(error: Error): void;
}

/**
 * Sends commands and matches replies in order (OpenVPN answers commands one at a time), while handing
 * every real-time notification to listeners. A reply is SUCCESS:/ERROR: for simple commands, or body
 * lines ended by END for history/status commands.
 */
export class ManagementClient {
  private readonly parser = new ManagementLineParser();
  private readonly pending: Pending[] = [];
  private readonly listeners = new Set<(message: ManagementMessage) => void>();
  private readonly closeListeners = new Set<() => void>();
  private isClosed = false;

  constructor(private readonly socket: ManagementSocket) {
    socket.onData((chunk) => this.receive(chunk));
    socket.onClose(() => this.handleClose());
  }

  get closed(): boolean {
    return this.isClosed;
  }

  onMessage(listener: (message: ManagementMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Sends one command line. Rejects on ERROR: or when the socket closes first. */
  command(line: string, options: { multiLine?: boolean } = {}): Promise<CommandReply> {
    if (/[\r\n]/.test(line)) return Promise.reject(new Error('A management command must be a single line.'));
    const name = line.split(' ', 1)[0] ?? line;
    if (this.isClosed) return Promise.reject(new ManagementCommandError(name, 'management connection closed'));
    return new Promise<CommandReply>((resolve, reject) => {
      this.pending.push({ name, multiLine: options.multiLine === true, lines: [], resolve, reject });
      this.socket.write(`${line}\n`);
    });
  }

  /** Answers a `>PASSWORD:Need '<realm>' username/password` prompt. The values only ever go to the socket. */
  async sendCredentials(realm: string, username: string, password: string): Promise<void> {
    // Quote everything before sending anything: a value that cannot be sent must not leave half a login behind.
    const quotedRealm = quoteAlways(realm);
    const user = `username ${quotedRealm} ${quoteAlways(username)}`;
    const pass = `password ${quotedRealm} ${quoteAlways(password)}`;
    await this.command(user);
    await this.command(pass);
  }

  close(): void {
    this.socket.close();
    this.handleClose();
  }

  private receive(chunk: string): void {
    for (const message of this.parser.feed(chunk)) this.dispatch(message);
  }

  private dispatch(message: ManagementMessage): void {
    const head = this.pending[0];
    if (head && this.consumeReply(head, message)) return;
    for (const listener of [...this.listeners]) listener(message);
  }

  /** Returns true when the message belonged to the command at the head of the queue. */
  private consumeReply(head: Pending, message: ManagementMessage): boolean {
    switch (message.kind) {
      case 'success':
        this.pending.shift();
        head.resolve({ message: message.message, lines: head.lines });
        return true;
      case 'error':
        this.pending.shift();
        head.reject(new ManagementCommandError(head.name, message.message));
        return true;
      case 'end':
        if (!head.multiLine) return false;
        this.pending.shift();
        head.resolve({ message: '', lines: head.lines });
        return true;
      case 'line':
        if (!head.multiLine) return false;
        head.lines.push(message.text);
        return true;
      default:
        return false;
    }
  }

  private handleClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const p of this.pending.splice(0))
      p.reject(new ManagementCommandError(p.name, 'management connection closed'));
    for (const listener of [...this.closeListeners]) listener();
  }
}

import { inNs } from './lab-commands';

/**
 * A censor in the lab's router that recognises VPN protocols by their bytes, on any address and port, the way
 * deep packet inspection does it:
 *  - WireGuard: every message starts with its type (1-4) and three zero bytes, whatever the port;
 *  - OpenVPN: a flow that opens with a client hard reset (opcode 7 or 10, key id 0) and is answered by a
 *    server hard reset (opcode 8) is OpenVPN; over TCP the same bytes follow the two-byte length.
 * Recognition always runs and marks the flow (conntrack mark); blocking is a switch, so the censor can
 * "switch on" in the middle of a session and cut flows it recognised earlier. Everything else passes:
 * the same servers' other ports answer, which is how protocol blocking looks from the client.
 */
export const CENSOR_TABLE = 'holdfast_censor';
const SUSPECT = '0x00000001';
const RECOGNISED = '0x00000002';
const WIREGUARD_HEADERS = ['0x01000000', '0x02000000', '0x03000000', '0x04000000'];
/** Opcode in the top five bits, key id 0: P_CONTROL_HARD_RESET_CLIENT_V2 / V3, and the server's answer. */
const OPENVPN_CLIENT_RESETS = ['0x38', '0x50'];
const OPENVPN_SERVER_RESET = '0x40';

export class LabCensor {
  private enforcing = false;

  constructor(private readonly routerNs: string) {}

  /** Loads the recogniser; the censor starts switched off. */
  async install(): Promise<void> {
    await this.load(`table inet ${CENSOR_TABLE} {
      chain enforce { }
      chain forward {
        type filter hook forward priority -10; policy accept;
        ct mark ${RECOGNISED} jump enforce
        udp length >= 36 @th,64,32 { ${WIREGUARD_HEADERS.join(', ')} } ct mark set ${RECOGNISED} jump enforce
        ct state new meta l4proto udp @th,64,8 { ${OPENVPN_CLIENT_RESETS.join(', ')} } ct mark set ${SUSPECT}
        ct direction reply ct mark ${SUSPECT} meta l4proto udp @th,64,8 ${OPENVPN_SERVER_RESET} ct mark set ${RECOGNISED} jump enforce
        ct direction original ct mark 0 meta l4proto tcp @ih,16,8 { ${OPENVPN_CLIENT_RESETS.join(', ')} } ct mark set ${SUSPECT}
        ct direction reply ct mark ${SUSPECT} meta l4proto tcp @ih,16,8 ${OPENVPN_SERVER_RESET} ct mark set ${RECOGNISED} jump enforce
      }
    }`);
  }

  /** Starts dropping recognised flows, including ones recognised before. */
  async on(): Promise<void> {
    await this.load(`flush chain inet ${CENSOR_TABLE} enforce\nadd rule inet ${CENSOR_TABLE} enforce counter drop\n`);
    this.enforcing = true;
  }

  async off(): Promise<void> {
    await this.load(`flush chain inet ${CENSOR_TABLE} enforce\n`);
    this.enforcing = false;
  }

  get active(): boolean {
    return this.enforcing;
  }

  /** Packets the censor dropped since it was last switched on. */
  async dropped(): Promise<number> {
    const result = await inNs(this.routerNs, 'nft', ['-j', 'list', 'chain', 'inet', CENSOR_TABLE, 'enforce']);
    const match = /"packets":\s*(\d+)/.exec(result.stdout);
    return match ? Number(match[1]) : 0;
  }

  private async load(script: string): Promise<void> {
    const result = await inNs(this.routerNs, 'nft', ['-f', '-'], { input: script });
    if (result.code !== 0) throw new Error(`lab: the censor in ${this.routerNs} failed: ${result.stderr.trim()}`);
  }
}

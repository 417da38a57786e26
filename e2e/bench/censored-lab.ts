import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LabCensor } from '../lab/lab-censor';
import { startObfs4Server, startShadowsocksServer, startTlsServer } from '../lab/lab-disguise-servers';
import { OPENVPN_TCP_PORT } from '../lab/lab-openvpn-fleet';
import type { BenchLab } from './bench-lab';

/**
 * The censored world on top of the bench lab: a censor in the router that recognises WireGuard and OpenVPN by
 * their bytes (switched off until a run switches it on), and beside each server the three disguises a provider
 * would offer (Shadowsocks, TLS and obfs4 in front of its OpenVPN over TCP), as in e2e/lab/disguise-engine.
 * The template data folder holds the bench profiles and the provider's disguise lines, imported the way a user
 * imports them; Holdfast's settings stay at their defaults (disguise.mode automatic), except the disguise
 * order when a bench run asks for one (to time TLS and obfs4, which the default order reaches only after
 * Shadowsocks), set with `holdfast settings` as a user would.
 */
export const DISGUISE_PORTS = { shadowsocks: 8388, tls: 8443, obfs4: 9443 } as const;

export interface CensoredLab {
  censor: LabCensor;
  /** A data folder with every bench profile and the disguise lines imported; each run copies it. */
  template: string;
  /** The imported lines, for the report (no secrets: ss passwords and obfs4 certs are left out). */
  disguises: string[];
  stop(): Promise<void>;
}

export async function startCensoredLab(bench: BenchLab, disguiseOrder?: string): Promise<CensoredLab> {
  const { lab } = bench;
  const daemons: ChildProcess[] = [];
  const track = (child: ChildProcess): void => void daemons.push(child);
  const stop = async (): Promise<void> => {
    for (const child of daemons) if (child.exitCode === null) child.kill('SIGTERM');
  };
  try {
    const censor = new LabCensor(lab.routerNs);
    await censor.install();
    const behind = { host: '127.0.0.1', port: OPENVPN_TCP_PORT };
    const lines: string[] = [];
    const described: string[] = [];
    for (const server of lab.servers) {
      const ip = server.underlayIp;
      const ss = await startShadowsocksServer(server.ns, ip, lab.dir, track, DISGUISE_PORTS.shadowsocks);
      const tls = await startTlsServer(server.ns, ip, DISGUISE_PORTS.tls, behind, lab.dir, track);
      const obfs4 = await startObfs4Server(server.ns, ip, DISGUISE_PORTS.obfs4, behind, lab.dir, track);
      lines.push(ss.uri, tls.line, obfs4.line);
      described.push(`shadowsocks ${ip}:${ss.port} ${ss.method}`, tls.line, `obfs4 ${ip}:${obfs4.port} iat-mode=0`);
      // Traffic to a disguise server is tunnel traffic, not a leak.
      await lab.addEndpoints([
        { ip, proto: 'udp', port: DISGUISE_PORTS.shadowsocks },
        { ip, proto: 'tcp', port: DISGUISE_PORTS.shadowsocks },
        { ip, proto: 'tcp', port: DISGUISE_PORTS.tls },
        { ip, proto: 'tcp', port: DISGUISE_PORTS.obfs4 },
      ]);
    }
    const file = path.join(lab.dir, 'disguises.txt');
    await fs.writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    const template = path.join(lab.dir, 'data-censored');
    await fs.rm(template, { recursive: true, force: true });
    const imported = await bench.holdfast(template, ['import', ...bench.profileFiles, file]);
    if (imported.code !== 0) {
      throw new Error(`bench: importing the disguises failed (${imported.code}): ${imported.stderr.trim()}`);
    }
    if (disguiseOrder !== undefined) {
      const set = await bench.holdfast(template, ['settings', 'set', 'disguise.order', disguiseOrder]);
      if (set.code !== 0) throw new Error(`bench: --disguise-order ${disguiseOrder}: ${set.stderr.trim()}`);
    }
    return { censor, template, disguises: described, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

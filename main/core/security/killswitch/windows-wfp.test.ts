import { describe, expect, it } from 'vitest';
import type { KillSwitchPolicy } from './policy';
import { buildWfpFilterPlan, type WfpFilter } from './windows-wfp';

const base: KillSwitchPolicy = {
  tunnelInterfaces: ['holdfast0'],
  endpoints: [{ ip: '198.51.100.7', proto: 'udp', port: 51820 }],
  allowLan: false,
  dnsServersInTunnel: ['10.64.0.1'],
  allowIpv6InTunnel: false,
  tunnelFwmark: 1,
};

const named = (filters: WfpFilter[], prefix: string) => filters.filter((f) => f.name.startsWith(prefix));

describe('buildWfpFilterPlan (untested on Windows)', () => {
  it('blocks everything else at the lowest weight on all four layers, persistently', () => {
    const plan = buildWfpFilterPlan(base);
    expect(plan.persistent).toBe(true);
    const blocks = named(plan.filters, 'block everything else');
    expect(blocks.map((f) => f.layer).sort()).toEqual([
      'ALE_AUTH_CONNECT_V4',
      'ALE_AUTH_CONNECT_V6',
      'ALE_AUTH_RECV_ACCEPT_V4',
      'ALE_AUTH_RECV_ACCEPT_V6',
    ]);
    expect(blocks.every((f) => f.action === 'block' && f.weight === 0 && f.conditions.length === 0)).toBe(true);
    expect(plan.filters.filter((f) => f.action === 'permit').every((f) => f.weight > 0)).toBe(true);
  });

  it('permits the endpoint by address, protocol, port and the tunnel program', () => {
    const [endpoint, ...rest] = named(buildWfpFilterPlan(base).filters, 'server');
    expect(rest).toEqual([]);
    expect(endpoint?.layer).toBe('ALE_AUTH_CONNECT_V4');
    expect(endpoint?.conditions).toEqual([
      { field: 'IP_REMOTE_ADDRESS', match: 'equal', value: '198.51.100.7' },
      { field: 'IP_PROTOCOL', match: 'equal', value: 'udp' },
      { field: 'IP_REMOTE_PORT', match: 'equal', value: 51820 },
      { field: 'ALE_APP_ID', match: 'equal', value: 'tunnel-process' },
    ]);
  });

  it('weighs tunnel DNS above the DNS block, and the DNS block above the tunnel permit', () => {
    const filters = buildWfpFilterPlan(base).filters;
    const dnsPermit = named(filters, 'DNS 10.64.0.1');
    const dnsBlock = named(filters, 'DNS port');
    const tunnel = named(filters, 'tunnel');
    expect(dnsPermit).toHaveLength(2);
    expect(dnsBlock).toHaveLength(4);
    const minPermit = Math.min(...dnsPermit.map((f) => f.weight));
    const maxBlock = Math.max(...dnsBlock.map((f) => f.weight));
    expect(minPermit).toBeGreaterThan(maxBlock);
    expect(Math.min(...dnsBlock.map((f) => f.weight))).toBeGreaterThan(Math.max(...tunnel.map((f) => f.weight)));
  });

  it('permits IPv6 on the tunnel only when it carries IPv6', () => {
    const v4Only = named(buildWfpFilterPlan(base).filters, 'tunnel').map((f) => f.layer);
    expect(v4Only.sort()).toEqual(['ALE_AUTH_CONNECT_V4', 'ALE_AUTH_RECV_ACCEPT_V4']);
    const both = named(buildWfpFilterPlan({ ...base, allowIpv6InTunnel: true }).filters, 'tunnel');
    expect(both).toHaveLength(4);
  });

  it('permits the local network only when allowed', () => {
    expect(named(buildWfpFilterPlan(base).filters, 'local network')).toEqual([]);
    const lan = named(buildWfpFilterPlan({ ...base, allowLan: true }).filters, 'local network');
    expect(lan.some((f) => f.conditions[0]?.value === '192.168.0.0/16')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { describeCheck, firstAnswer, likelyGateway, planCheck, probesFor, type PlanInput } from './tunnel-check';

const RESOLVERS = ['1.1.1.1', '9.9.9.9', '2606:4700:4700::1111'];
const base: PlanInput = { probeTarget: '', dns: [], addresses: [], publicResolvers: RESOLVERS };

describe('planCheck', () => {
  it('asks the tunnel DNS, the user target and the gateway first, and requires one of them to answer', () => {
    const plan = planCheck({
      ...base,
      probeTarget: '10.9.0.7',
      dns: ['10.0.0.1'],
      gateway: '10.0.0.1',
      addresses: ['10.0.0.2/24'],
      routes: ['0.0.0.0/0'],
    });
    expect(plan.required).toBe(true);
    expect(plan.targets).toEqual([
      { address: '10.9.0.7', role: 'your-target' },
      { address: '10.0.0.1', role: 'tunnel-dns' },
      { address: '1.1.1.1', role: 'public-resolver' },
      { address: '9.9.9.9', role: 'public-resolver' },
    ]);
  });

  it('gives a WireGuard /32 without DNS a likely gateway and public resolvers, none of them required', () => {
    const plan = planCheck({
      ...base,
      addresses: ['10.66.66.2/32', 'fd42:42:42::2/128'],
      routes: ['0.0.0.0/0', '::/0'],
    });
    expect(plan.required).toBe(false);
    expect(plan.targets.map((t) => `${t.role} ${t.address}`)).toEqual([
      'likely-gateway 10.66.66.1',
      'likely-gateway fd42:42:42::1',
      'public-resolver 1.1.1.1',
      'public-resolver 9.9.9.9',
      'public-resolver 2606:4700:4700::1111',
    ]);
  });

  it('never asks an address the tunnel does not carry: it would answer from outside the tunnel', () => {
    const plan = planCheck({ ...base, dns: ['192.168.1.1'], addresses: ['10.7.0.2/32'], routes: ['10.7.0.0/24'] });
    expect(plan.targets).toEqual([{ address: '10.7.0.1', role: 'likely-gateway' }]);
    expect(plan.required).toBe(false);
  });

  it('asks no public resolver when the routes are not known (OpenVPN: the server pushes them)', () => {
    const plan = planCheck({ ...base, gateway: '10.8.0.1' });
    expect(plan.targets).toEqual([{ address: '10.8.0.1', role: 'gateway' }]);
  });

  it('asks a pushed resolver only when it is private, where the routes are not known', () => {
    const plan = planCheck({ ...base, dns: ['8.8.8.8', '10.8.0.1', 'fd00::53'], gateway: '10.8.0.1' });
    expect(plan.targets).toEqual([
      { address: '10.8.0.1', role: 'tunnel-dns' },
      { address: 'fd00::53', role: 'tunnel-dns' },
    ]);
  });

  it('has nothing to ask for a split tunnel with one address and public resolvers switched off', () => {
    const plan = planCheck({ ...base, addresses: ['10.1.2.1/32'], routes: ['10.1.2.0/24'], publicResolvers: [] });
    expect(plan.targets).toEqual([]);
  });

  it('never asks the tunnel its own address, and ignores what is not an IP literal', () => {
    const plan = planCheck({
      ...base,
      probeTarget: 'vpn.example.com',
      dns: ['10.0.0.2'],
      addresses: ['10.0.0.2/24'],
      routes: ['0.0.0.0/0'],
      publicResolvers: [],
    });
    expect(plan.targets).toEqual([]);
  });
});

describe('likelyGateway', () => {
  it('is the first host of the /24 or /64 around a single address', () => {
    expect(likelyGateway('10.64.12.34/32')).toBe('10.64.12.1');
    expect(likelyGateway('fd00:1:2:3::abcd/128')).toBe('fd00:1:2:3::1');
  });
  it('is nothing for a subnet (the driver names its first host) or for the .1 itself', () => {
    expect(likelyGateway('10.0.0.2/24')).toBeUndefined();
    expect(likelyGateway('10.0.0.1/32')).toBeUndefined();
    expect(likelyGateway('nonsense')).toBeUndefined();
  });
});

describe('probesFor', () => {
  const plan = { targets: [{ address: '10.0.0.1', role: 'tunnel-dns' as const }], required: true };
  const shown = (p: ReturnType<typeof probesFor>[number]) =>
    `${p.kind}${p.port ? `:${p.port}` : ''} ${p.target.address}`;
  it('asks the tunnel DNS by UDP and TCP 53 and by ICMP through a full tunnel', () => {
    expect(probesFor(plan, { bound: false }).map(shown)).toEqual([
      'dns-answer 10.0.0.1',
      'tcp-answer:53 10.0.0.1',
      'ping-reply 10.0.0.1',
    ]);
  });
  it('leaves the UDP query out where probes must be bound to a device without routes', () => {
    expect(probesFor(plan, { bound: true }).map(shown)).toEqual(['tcp-answer:53 10.0.0.1', 'ping-reply 10.0.0.1']);
  });
  it('asks every other address on TCP 443 only: the kill switch lets DNS reach the tunnel resolvers alone', () => {
    const others = {
      targets: [
        { address: '10.0.0.1', role: 'likely-gateway' as const },
        { address: '1.1.1.1', role: 'public-resolver' as const },
      ],
      required: false,
    };
    expect(probesFor(others, { bound: false }).map(shown)).toEqual([
      'tcp-answer:443 10.0.0.1',
      'ping-reply 10.0.0.1',
      'tcp-answer:443 1.1.1.1',
      'ping-reply 1.1.1.1',
    ]);
  });
});

describe('firstAnswer', () => {
  const plan = {
    targets: [
      { address: '10.0.0.1', role: 'tunnel-dns' as const },
      { address: '1.1.1.1', role: 'public-resolver' as const },
    ],
    required: true,
  };
  const probes = probesFor(plan, { bound: false });

  it('takes the first probe that answers, whatever the others do', async () => {
    const answer = await firstAnswer(probes, async (p) => {
      if (p.kind === 'ping-reply') throw new Error('ping is not installed');
      return p.kind === 'tcp-answer' && p.target.address === '1.1.1.1';
    });
    expect(answer).toMatchObject({ kind: 'tcp-answer', port: 443, target: { address: '1.1.1.1' } });
  });

  it('is null once every probe has failed, and for no probes at all', async () => {
    expect(await firstAnswer(probes, async () => false)).toBeNull();
    expect(await firstAnswer([], async () => true)).toBeNull();
  });
});

describe('describeCheck', () => {
  it('says what proved the data, or that only the handshake did', () => {
    expect(
      describeCheck({
        strength: 'data-verified',
        evidence: { kind: 'tcp-answer', address: '10.0.0.1', role: 'likely-gateway' },
      }),
    ).toBe("data verified: a TCP answer from 10.0.0.1 (the server's likely tunnel address)");
    expect(describeCheck({ strength: 'handshake-only' })).toMatch(/^handshake only/);
  });
});

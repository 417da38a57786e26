import { describe, expect, it } from 'vitest';
import { ServerAddressBook, type AddressMemory } from './server-addresses';

function book(
  answers: Record<string, string[] | Error>,
  options: { allowPrivate?: boolean; stored?: AddressMemory } = {},
) {
  let network = 'home';
  let saved: AddressMemory | undefined;
  const logs: string[] = [];
  const b = new ServerAddressBook({
    resolve: async (host) => {
      const answer = answers[host];
      if (answer === undefined || answer instanceof Error) throw answer ?? new Error('ENOTFOUND');
      return answer;
    },
    store: { load: async () => options.stored, save: async (m) => void (saved = structuredClone(m)) },
    now: () => Date.parse('2030-01-01T00:00:00Z'),
    networkKey: () => network,
    allowPrivate: () => options.allowPrivate ?? false,
    log: (_level, message) => void logs.push(message),
  });
  return { b, logs, saved: () => saved, moveTo: (key: string) => void (network = key) };
}

describe('ServerAddressBook', () => {
  it('refuses answers no VPN server can have, and private ones unless allowed', async () => {
    const answers = { 'vpn.example.net': ['127.0.0.1', '0.0.0.0', '10.10.34.35', '45.76.10.9', '::1', 'fe80::1'] };
    const strict = book(answers);
    await strict.b.refresh(['vpn.example.net']);
    expect(strict.b.addressesOf('vpn.example.net')).toEqual(['45.76.10.9']);
    expect(strict.logs.join('\n')).toMatch(/127\.0\.0\.1.*ignored/);
    const lan = book(answers, { allowPrivate: true });
    await lan.b.refresh(['vpn.example.net']);
    expect(lan.b.addressesOf('vpn.example.net')).toEqual(['10.10.34.35', '45.76.10.9']);
  });

  it('remembers what worked per network and falls back to it when the lookup fails or is forged', async () => {
    const first = book({ 'vpn.example.net': ['185.70.40.7'] });
    await first.b.refresh(['vpn.example.net']);
    expect(first.b.pick('vpn.example.net')).toBe('185.70.40.7');
    await first.b.worked('vpn.example.net', '185.70.40.7');
    const stored = first.saved();
    expect(stored?.home?.['vpn.example.net']?.addresses).toEqual(['185.70.40.7']);

    // Elsewhere, the name does not resolve at all (blocked): the address from home is used.
    const blocked = book({}, { stored });
    blocked.moveTo('hotel');
    await blocked.b.refresh(['vpn.example.net']);
    expect(blocked.b.pick('vpn.example.net')).toBe('185.70.40.7');

    // A censor answers with a forged public address: it gets one attempt, the remembered one the next.
    const forged = book({ 'vpn.example.net': ['31.13.64.66'] }, { stored });
    forged.moveTo('hotel');
    await forged.b.refresh(['vpn.example.net']);
    expect(forged.b.pick('vpn.example.net')).toBe('31.13.64.66');
    forged.b.failed('vpn.example.net', '31.13.64.66');
    expect(forged.b.pick('vpn.example.net')).toBe('185.70.40.7');
    await forged.b.worked('vpn.example.net', '185.70.40.7');
    expect(forged.b.pick('vpn.example.net')).toBe('185.70.40.7');
  });

  it('keeps a known address when a later lookup fails, and passes addresses through untouched', async () => {
    const answers: Record<string, string[] | Error> = { 'vpn.example.net': ['185.70.40.7'] };
    const { b } = book(answers);
    await b.refresh(['vpn.example.net']);
    answers['vpn.example.net'] = new Error('EAI_AGAIN');
    await b.refresh(['vpn.example.net']);
    expect(b.addressesOf('vpn.example.net')).toEqual(['185.70.40.7']);
    expect(b.pick('192.0.2.1')).toBe('192.0.2.1');
    expect(b.pick('unknown.example.net')).toBeUndefined();
  });

  it('reads only addresses from a damaged or edited memory file', async () => {
    const stored = {
      home: {
        'vpn.example.net': { addresses: ['185.70.40.7', '--up /tmp/x', '127.0.0.1'], at: '2029-01-01T00:00:00Z' },
        'bad.example.net': { addresses: 'nope', at: 1 },
      },
    } as unknown as AddressMemory;
    const { b } = book({}, { stored });
    await b.refresh([]);
    expect(b.addressesOf('vpn.example.net')).toEqual(['185.70.40.7']);
    expect(b.addressesOf('bad.example.net')).toEqual([]);
  });
});

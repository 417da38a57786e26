import { describe, expect, it } from 'vitest';
import type { DisguiseSettings } from '../../disguise/settings';
import type { DisguiseKind } from '../../disguise/types';
import { DisguiseLadder, SECOND_CHOICE_RANK, disguiseCarries } from './disguise-ladder';
import { ot, ou, wgc } from './test-fixtures';
import type { Candidate, CandidateDisguise } from './types';

const ss = (id = 'ss1'): CandidateDisguise => ({ id, kind: 'shadowsocks' });
const tls = (id = 'tls1'): CandidateDisguise => ({ id, kind: 'tls' });
const obfs4 = (id = 'ob1'): CandidateDisguise => ({ id, kind: 'obfs4' });

/** "server/transport" and "+id" for a disguised route: readable lists. */
const names = (list: readonly Candidate[]) =>
  list.map((c) => {
    const t = c.transport.protocol === 'wireguard' ? 'wg' : `${c.transport.proto}${c.transport.port}`;
    return `${c.serverKey}/${t}${c.disguise ? `+${c.disguise.id}` : ''}`;
  });

function ladder(settings: Partial<DisguiseSettings> = {}, attached: Record<string, CandidateDisguise[]> = {}) {
  const current: DisguiseSettings = { mode: 'automatic', order: ['shadowsocks', 'tls', 'obfs4'], ...settings };
  const l = new DisguiseLadder(() => current);
  l.setAttached(attached);
  return { ladder: l, settings: current };
}

const need = (id: string, kind: DisguiseKind = 'shadowsocks') => ({ at: 0, id, kind });

describe('disguiseCarries', () => {
  it.each<[DisguiseKind, Candidate, boolean]>([
    ['shadowsocks', wgc('a'), true],
    ['shadowsocks', ot('a'), true],
    ['shadowsocks', ou('a'), false],
    ['tls', wgc('a'), false],
    ['tls', ou('a'), false],
    ['tls', ot('a'), true],
    ['obfs4', wgc('a'), false],
    ['obfs4', ou('a'), false],
    ['obfs4', ot('a'), true],
  ])('%s over %j', (kind, c, carries) => {
    expect(disguiseCarries(kind, c.transport)).toBe(carries);
  });
});

describe('DisguiseLadder.disguisedFor', () => {
  const plain = [wgc('tokyo'), ou('tokyo'), ot('tokyo'), wgc('paris')];

  it('wraps each plain route in each disguise of its server that carries it', () => {
    const { ladder: l } = ladder({}, { tokyo: [ss(), tls()] });
    expect(names(l.disguisedFor(plain))).toEqual(['tokyo/wg+ss1', 'tokyo/tcp443+ss1', 'tokyo/tcp443+tls1']);
  });

  it('leaves out a kind the order leaves out', () => {
    const { ladder: l } = ladder({ order: ['tls'] }, { tokyo: [ss(), tls()] });
    expect(names(l.disguisedFor(plain))).toEqual(['tokyo/tcp443+tls1']);
  });

  it('offers none under Never, nor for a route that is already disguised', () => {
    expect(ladder({ mode: 'never' }, { tokyo: [ss()] }).ladder.disguisedFor(plain)).toEqual([]);
    const { ladder: l } = ladder({}, { tokyo: [ss()] });
    expect(l.disguisedFor([{ ...wgc('tokyo'), disguise: ss() }])).toEqual([]);
  });

  it('copies the disguise, so a caller cannot change the attached list through a candidate', () => {
    const attached = ss();
    const { ladder: l } = ladder({}, { tokyo: [attached] });
    const [c] = l.disguisedFor([wgc('tokyo')]);
    c!.disguise!.id = 'changed';
    expect(l.disguisedFor([wgc('tokyo')])[0]?.disguise?.id).toBe('ss1');
  });
});

describe('DisguiseLadder.begin', () => {
  const plain = [wgc('tokyo'), ot('tokyo')];

  it('Always starts disguised and says why, even with nothing remembered', () => {
    const { ladder: l } = ladder({ mode: 'always' }, { tokyo: [ss()] });
    l.begin(undefined, plain);
    expect([l.stage, l.why]).toEqual(['first', 'always']);
  });

  it('a network remembered to need a disguise starts disguised under Automatic', () => {
    const { ladder: l } = ladder({}, { tokyo: [ss()] });
    l.begin(need('ss1'), plain);
    expect([l.stage, l.why]).toEqual(['first', 'remembered']);
  });

  it.each<[string, Partial<DisguiseSettings>, Record<string, CandidateDisguise[]>, boolean]>([
    ['nothing remembered', {}, { tokyo: [ss()] }, false],
    ['remembered, but no disguise attached', {}, {}, true],
    ['remembered, but its kind is left out of the order', { order: ['tls'] }, { tokyo: [ss()] }, true],
    ['remembered, under Never', { mode: 'never' }, { tokyo: [ss()] }, true],
  ])('starts plain: %s', (_, settings, attached, remembered) => {
    const { ladder: l } = ladder(settings, attached);
    l.begin(remembered ? need('ss1') : undefined, [wgc('tokyo'), ou('tokyo')]);
    expect([l.stage, l.why]).toEqual(['plain', null]);
  });

  it('a new session starts over from plain', () => {
    const { ladder: l } = ladder({}, { tokyo: [ss()] });
    l.begin(undefined, plain);
    l.escalate(plain);
    expect(l.stage).toBe('first');
    l.begin(undefined, plain);
    expect([l.stage, l.why]).toEqual(['plain', null]);
  });
});

describe('DisguiseLadder.plainFailed and escalate', () => {
  const plain = [wgc('tokyo'), ot('tokyo')];

  it('a plain failure lets disguised routes join, for a blocked network', () => {
    const { ladder: l } = ladder({}, { tokyo: [ss()] });
    l.begin(undefined, plain);
    l.plainFailed(plain);
    expect([l.stage, l.why]).toEqual(['join', 'blocked']);
  });

  it.each<[string, Partial<DisguiseSettings>, Record<string, CandidateDisguise[]>]>([
    ['no disguises', {}, {}],
    ['Never', { mode: 'never' }, { tokyo: [ss()] }],
  ])('a plain failure changes nothing with %s', (_, settings, attached) => {
    const { ladder: l } = ladder(settings, attached);
    l.begin(undefined, plain);
    l.plainFailed(plain);
    expect([l.stage, l.why]).toEqual(['plain', null]);
  });

  it('a plain failure does not step back from first', () => {
    const { ladder: l } = ladder({}, { tokyo: [ss()] });
    l.begin(need('ss1'), plain);
    l.plainFailed(plain);
    expect([l.stage, l.why]).toEqual(['first', 'remembered']);
    const always = ladder({ mode: 'always' }, { tokyo: [ss()] }).ladder;
    always.begin(undefined, plain);
    always.plainFailed(plain);
    expect([always.stage, always.why]).toEqual(['first', 'always']);
  });

  it('escalate puts disguised routes first once, from plain or from join', () => {
    const { ladder: l } = ladder({}, { tokyo: [ss()] });
    l.begin(undefined, plain);
    expect(l.escalate(plain)).toBe(true);
    expect([l.stage, l.why]).toEqual(['first', 'blocked']);
    expect(l.escalate(plain)).toBe(false);

    const joined = ladder({}, { tokyo: [ss()] }).ladder;
    joined.begin(undefined, plain);
    joined.plainFailed(plain);
    expect(joined.escalate(plain)).toBe(true);
    expect(joined.stage).toBe('first');
  });

  it.each<[string, Partial<DisguiseSettings>, Record<string, CandidateDisguise[]>]>([
    ['there are no disguises', {}, {}],
    ['the disguises carry none of these routes', {}, { tokyo: [tls()] }],
    ['the mode is Never', { mode: 'never' }, { tokyo: [ss()] }],
    ['the mode is Always', { mode: 'always' }, { tokyo: [ss()] }],
  ])('escalate refuses when %s', (_, settings, attached) => {
    const { ladder: l } = ladder(settings, attached);
    l.begin(undefined, [wgc('tokyo'), ou('tokyo')]);
    const before = [l.stage, l.why];
    expect(l.escalate([wgc('tokyo'), ou('tokyo')])).toBe(false);
    expect([l.stage, l.why]).toEqual(before);
  });
});

describe('DisguiseLadder.pool', () => {
  const plain = [wgc('tokyo'), ot('tokyo'), wgc('paris')];

  it('plain stage: plain routes only', () => {
    const { ladder: l } = ladder({}, { tokyo: [ss()] });
    l.begin(undefined, plain);
    expect(names(l.pool(plain))).toEqual(['tokyo/wg', 'tokyo/tcp443', 'paris/wg']);
  });

  it('join and first: plain routes and disguised ones', () => {
    const { ladder: l } = ladder({}, { tokyo: [ss()] });
    l.begin(undefined, plain);
    l.plainFailed(plain);
    const expected = ['tokyo/wg', 'tokyo/tcp443', 'paris/wg', 'tokyo/wg+ss1', 'tokyo/tcp443+ss1'];
    expect(names(l.pool(plain))).toEqual(expected);
    l.escalate(plain);
    expect(names(l.pool(plain))).toEqual(expected);
  });

  it('Always: disguised routes only (a server without a disguise is not used)', () => {
    const { ladder: l } = ladder({ mode: 'always' }, { tokyo: [ss()] });
    l.begin(undefined, plain);
    expect(names(l.pool(plain))).toEqual(['tokyo/wg+ss1', 'tokyo/tcp443+ss1']);
  });

  it('Never: plain routes only, whatever the stage was', () => {
    const { ladder: l, settings } = ladder({}, { tokyo: [ss()] });
    l.begin(undefined, plain);
    l.escalate(plain);
    settings.mode = 'never';
    expect(names(l.pool(plain))).toEqual(['tokyo/wg', 'tokyo/tcp443', 'paris/wg']);
  });
});

describe('DisguiseLadder.order', () => {
  const attached = { tokyo: [ss('ss-a'), tls('tls-a'), obfs4('ob-a'), ss('ss-b')] };
  // As a planner might give them: plain and disguised mixed, disguised in import order.
  const planned = (): Candidate[] => [
    wgc('tokyo'),
    { ...ot('tokyo'), disguise: obfs4('ob-a') },
    { ...ot('tokyo'), disguise: ss('ss-a') },
    ot('tokyo'),
    { ...ot('tokyo'), disguise: tls('tls-a') },
    { ...ot('tokyo'), disguise: ss('ss-b') },
  ];

  it("join: plain routes first, then disguised ones by the user's order of kinds, stable within a kind", () => {
    const { ladder: l } = ladder({ order: ['tls', 'shadowsocks', 'obfs4'] }, attached);
    l.begin(undefined, [wgc('tokyo'), ot('tokyo')]);
    l.plainFailed([wgc('tokyo'), ot('tokyo')]);
    expect(names(l.order(planned()))).toEqual([
      'tokyo/wg',
      'tokyo/tcp443',
      'tokyo/tcp443+tls-a',
      'tokyo/tcp443+ss-a',
      'tokyo/tcp443+ss-b',
      'tokyo/tcp443+ob-a',
    ]);
  });

  it('first: disguised routes first, the one remembered for this network before the rest', () => {
    const { ladder: l } = ladder({}, attached);
    l.begin(need('ob-a', 'obfs4'), [wgc('tokyo'), ot('tokyo')]);
    expect(l.stage).toBe('first');
    expect(names(l.order(planned()))).toEqual([
      'tokyo/tcp443+ob-a',
      'tokyo/tcp443+ss-a',
      'tokyo/tcp443+ss-b',
      'tokyo/tcp443+tls-a',
      'tokyo/wg',
      'tokyo/tcp443',
    ]);
  });

  it('plain stage keeps plain routes first', () => {
    const { ladder: l } = ladder({}, attached);
    l.begin(undefined, [wgc('tokyo')]);
    expect(names(l.order(planned())).slice(0, 2)).toEqual(['tokyo/wg', 'tokyo/tcp443']);
  });
});

describe('DisguiseLadder.window', () => {
  const attached = { tokyo: [ss()], osaka: [ss('ss-o')] };
  const plain = [wgc('tokyo'), wgc('osaka'), ot('tokyo'), ot('osaka')];

  it('with no disguised route, the plain window as before', () => {
    const { ladder: l } = ladder({}, attached);
    l.begin(undefined, plain);
    expect(names(l.window(plain, 3))).toEqual(['tokyo/wg', 'osaka/wg', 'tokyo/tcp443']);
  });

  it('join: width-1 diverse plain slots, then the best disguised route last', () => {
    const { ladder: l } = ladder({}, attached);
    l.begin(undefined, plain);
    l.plainFailed(plain);
    const ordered = l.order(l.pool(plain));
    const window = l.window(ordered, 3);
    expect(names(window)).toEqual(['tokyo/wg', 'osaka/wg', 'tokyo/wg+ss1']);
    expect(window.filter((c) => c.disguise)).toHaveLength(1);
  });

  it('first: disguised routes fill the window, plain ones only the room left', () => {
    const { ladder: l } = ladder({}, attached);
    l.begin(undefined, plain);
    l.escalate(plain);
    const ordered = l.order(l.pool(plain));
    expect(names(l.window(ordered, 3))).toEqual(['tokyo/wg+ss1', 'osaka/wg+ss-o', 'tokyo/tcp443+ss1']);
    const few = l.order(l.pool([wgc('tokyo'), ot('osaka')]));
    expect(names(l.window(few, 3))).toEqual(['tokyo/wg+ss1', 'osaka/tcp443+ss-o', 'tokyo/wg']);
  });

  it('join with no plain route left behaves like first', () => {
    const { ladder: l } = ladder({}, attached);
    l.begin(undefined, plain);
    l.plainFailed(plain);
    const disguisedOnly = l.disguisedFor(plain);
    expect(l.window(disguisedOnly, 2)).toHaveLength(2);
    expect(l.window(disguisedOnly, 2).every((c) => c.disguise)).toBe(true);
  });
});

describe('DisguiseLadder.rankOffset and reasonFor', () => {
  const plain = [wgc('tokyo')];
  const disguised: Candidate = { ...wgc('tokyo'), disguise: ss() };

  it('puts disguised routes second except in stage first', () => {
    const { ladder: l } = ladder({}, { tokyo: [ss()] });
    l.begin(undefined, plain);
    l.plainFailed(plain);
    expect(l.rankOffset(plain[0]!)).toBe(0);
    expect(l.rankOffset(disguised)).toBe(SECOND_CHOICE_RANK);
    l.escalate(plain);
    expect(l.rankOffset(plain[0]!)).toBe(SECOND_CHOICE_RANK);
    expect(l.rankOffset(disguised)).toBe(0);
  });

  it('gives the reason of the stage for a disguised route, blocked when none was set, and null for plain', () => {
    const { ladder: l } = ladder({}, { tokyo: [ss()] });
    l.begin(undefined, plain);
    expect(l.reasonFor(plain[0]!)).toBeNull();
    expect(l.reasonFor(disguised)).toBe('blocked');
    l.begin(need('ss1'), plain);
    expect(l.reasonFor(disguised)).toBe('remembered');
    const always = ladder({ mode: 'always' }, { tokyo: [ss()] }).ladder;
    always.begin(undefined, plain);
    expect(always.reasonFor(disguised)).toBe('always');
  });
});

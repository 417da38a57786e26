/** Just enough address arithmetic for routes and probe targets; IPv4 and IPv6, as BigInt. */
export interface Cidr {
  family: 4 | 6;
  address: string;
  prefix: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText] = text.trim().split('/');
  const family = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  if (toBigInt(address, family) === undefined) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  return { family, address, prefix };
}

export const isDefaultRoute = (cidr: Cidr): boolean => cidr.prefix === 0;

/** The first host of the subnet (network address + 1), or undefined for a single-address prefix. */
export function firstHost(cidr: Cidr): string | undefined {
  const bits = cidr.family === 4 ? 32 : 128;
  if (cidr.prefix >= bits - 1) return undefined;
  const value = toBigInt(cidr.address, cidr.family);
  if (value === undefined) return undefined;
  const hostBits = BigInt(bits - cidr.prefix);
  const network = (value >> hostBits) << hostBits;
  return fromBigInt(network + 1n, cidr.family);
}

export function contains(cidr: Cidr, address: string): boolean {
  const family = address.includes(':') ? 6 : 4;
  if (family !== cidr.family) return false;
  const a = toBigInt(address, family);
  const b = toBigInt(cidr.address, family);
  if (a === undefined || b === undefined) return false;
  const hostBits = BigInt((family === 4 ? 32 : 128) - cidr.prefix);
  return a >> hostBits === b >> hostBits;
}

export const sameAddress = (a: string, b: string): boolean => {
  const family = a.includes(':') ? 6 : 4;
  const x = toBigInt(a, family);
  return x !== undefined && x === toBigInt(b, family);
};

function toBigInt(address: string, family: 4 | 6): bigint | undefined {
  if (family === 4) {
    const parts = address.split('.');
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
    return parts.reduce((acc, p) => (acc << 8n) + BigInt(p), 0n);
  }
  if (!/^[0-9a-fA-F:]+$/.test(address) || address.split('::').length > 2) return undefined;
  const [head = '', tail] = address.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...headParts, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailParts];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

function fromBigInt(value: bigint, family: 4 | 6): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as people write IPv6 addresses.
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(':');
  const left = groups.slice(0, best.start).join(':');
  const right = groups.slice(best.start + best.length).join(':');
  return `${left}::${right}`;
}

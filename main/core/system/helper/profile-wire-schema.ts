import { z } from 'zod';
import { isProfileId } from '../../profiles/profile-id';
import type { Profile } from '../../profiles/types';

/**
 * The shape of a stored profile as it crosses to the privileged helper. This is only the first gate:
 * it fixes types, sizes and characters so that nothing odd reaches the serializers. The second gate
 * (profile-recheck.ts) writes the profile back as text and runs it through the import parsers again.
 */
/** True when the text holds a control character other than those in `allowed` (by code point). */
function hasControl(value: string, allowed: readonly number[] = []): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 || code === 0x7f) && !allowed.includes(code)) return true;
  }
  return false;
}

/** A one-line string: no control characters (a newline would start a new directive in a config). */
export const line = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !hasControl(v), { message: 'must not contain control characters' });

/** Multi-line text such as a certificate: newlines and tabs only. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !hasControl(v, [0x09, 0x0a]), { message: 'must not contain control characters' });

const secretRef = line(64).regex(/^[A-Za-z0-9_.-]+$/, 'must be a secret reference');
const port = z.number().int().min(1).max(65535);
const host = line(253).min(1);

const issue = z.strictObject({
  file: line(512),
  line: z.number().int().nonnegative().optional(),
  column: z.number().int().nonnegative().optional(),
  directive: line(128).optional(),
  code: line(64),
  message: line(1024),
});

const base = {
  id: line(80).refine(isProfileId, { message: 'must be a profile id' }),
  name: line(200).min(1),
  sourceFile: line(512),
  contentHash: line(128),
  importedAt: line(64),
  warnings: z.array(issue).max(64),
};

const wireguard = z.strictObject({
  ...base,
  kind: z.literal('wireguard'),
  interface: z.strictObject({
    privateKey: secretRef,
    publicKey: line(64).optional(),
    addresses: z.array(line(64)).max(32),
    dns: z.array(line(64)).max(16),
    dnsSearch: z.array(line(253)).max(16),
    mtu: z.number().int().optional(),
    listenPort: z.number().int().optional(),
  }),
  peers: z
    .array(
      z.strictObject({
        publicKey: line(64),
        presharedKey: secretRef.optional(),
        allowedIps: z.array(line(64)).max(256),
        endpoint: z.strictObject({ host, port }).optional(),
        persistentKeepalive: z.number().int().optional(),
      }),
    )
    .max(16),
});

const directive = z.strictObject({ name: line(64).min(1), args: z.array(line(256)).max(16) });

const openvpn = z.strictObject({
  ...base,
  kind: z.literal('openvpn'),
  remotes: z
    .array(
      z.strictObject({
        host,
        port,
        proto: z.enum(['udp', 'tcp']),
        options: z.array(directive).max(32).optional(),
      }),
    )
    .max(64),
  directives: z.array(directive).max(256),
  blocks: z
    .array(z.strictObject({ name: line(32), text: text(512 * 1024).optional(), secret: secretRef.optional() }))
    .max(16),
  keyDirection: z.union([z.literal(0), z.literal(1)]).optional(),
  authUserPass: z.boolean(),
  dataCiphers: z.array(line(64)).max(16),
  dataCiphersFallback: line(64).optional(),
  auth: line(64).optional(),
});

export const wireProfileSchema = z.discriminatedUnion('kind', [wireguard, openvpn]) satisfies z.ZodType<Profile>;

/** SecretRef -> value. Values may be multi-line (OpenVPN keys); the recheck validates their content. */
export const wireSecretsSchema = z
  .record(secretRef, text(64 * 1024))
  .refine((r) => Object.keys(r).length <= 32, { message: 'holds too many secrets' });

export const wireCredentialsSchema = z.strictObject({
  username: line(256).min(1),
  password: line(1024),
});

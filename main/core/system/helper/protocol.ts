import { isIP } from 'node:net';
import { z } from 'zod';
import type { TunnelEvent, TunnelStatus } from '../../tunnel/driver';
import { INTERFACE_NAME, killSwitchPolicySchema } from '../../security/killswitch/policy';
import { line, wireCredentialsSchema, wireProfileSchema, wireSecretsSchema } from './profile-wire-schema';

/**
 * The privileged helper's protocol: newline-delimited JSON over a unix socket, one request and one
 * response per line, matched by `id`. Narrow on purpose: every request kind is listed here with a
 * strict schema (unknown fields are refused, not ignored), there is no field that carries a shell
 * command, a path or a config file, and messages are size-limited before they are parsed.
 *
 * Versioning: every message carries `v`. The helper answers a request of another version with an
 * `unsupported-version` error naming the version it speaks, and closes the connection when that
 * request was the hello. Adding a request kind does not change `v`; changing the meaning or shape of
 * an existing one does.
 */
export const HELPER_PROTOCOL_VERSION = 1;

/** One message, in bytes, newline excluded. A profile is at most 1 MiB, real ones a few KiB. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** 32 random bytes, base64url: generated per helper start and passed to it on its stdin. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const SESSION_ID_PATTERN = /^t[0-9]{1,9}$/;

const envelope = {
  v: z.literal(HELPER_PROTOCOL_VERSION),
  id: z.number().int().min(1).max(0x7fffffff),
};

const sessionId = z.string().regex(SESSION_ID_PATTERN, 'must be a tunnel session id');

const requestSchemas = {
  hello: z.strictObject({
    ...envelope,
    kind: z.literal('hello'),
    token: z.string().regex(TOKEN_PATTERN, 'must be the token the helper was started with'),
    client: z.strictObject({ version: line(32) }),
  }),
  'tunnel.start': z.strictObject({
    ...envelope,
    kind: z.literal('tunnel.start'),
    profile: wireProfileSchema,
    secrets: wireSecretsSchema,
    endpointIndex: z.number().int().min(0).max(63).optional(),
    credentials: wireCredentialsSchema.optional(),
    fullTunnel: z.boolean().optional(),
    noRoutes: z.boolean().optional(),
  }),
  'tunnel.ready': z.strictObject({ ...envelope, kind: z.literal('tunnel.ready'), sessionId }),
  'tunnel.status': z.strictObject({ ...envelope, kind: z.literal('tunnel.status'), sessionId }),
  'tunnel.stop': z.strictObject({ ...envelope, kind: z.literal('tunnel.stop'), sessionId }),
  /**
   * One ICMP echo through a tunnel, sent as root so that it does not depend on ping's file capabilities
   * or the namespace's ping_group_range. Only an IP address (no host name to resolve outside the tunnel),
   * and only through an interface this helper created (checked by the server against its tunnels).
   */
  'tunnel.probe': z.strictObject({
    ...envelope,
    kind: z.literal('tunnel.probe'),
    target: z
      .string()
      .max(45)
      .refine((v) => isIP(v) !== 0, { message: 'must be an IP address' }),
    timeoutMs: z.number().int().min(100).max(10_000),
    interfaceName: z.string().regex(INTERFACE_NAME, 'must be an interface name').optional(),
  }),
  'killswitch.apply': z.strictObject({
    ...envelope,
    kind: z.literal('killswitch.apply'),
    policy: killSwitchPolicySchema,
  }),
  'killswitch.clear': z.strictObject({ ...envelope, kind: z.literal('killswitch.clear') }),
  'killswitch.status': z.strictObject({ ...envelope, kind: z.literal('killswitch.status') }),
  /** Stops a helper left running by an earlier app (it keeps a connection up); see hello's `orphans`. */
  'orphans.stop': z.strictObject({
    ...envelope,
    kind: z.literal('orphans.stop'),
    pid: z.number().int().min(2).max(0x3fffffff),
  }),
  /**
   * Makes this helper's session the machine's one connection owner (docs/privileged-helper.md, "One
   * connection owner"); `takeOver` asks the holder to hand over, allowed for the same user only.
   */
  'owner.claim': z.strictObject({
    ...envelope,
    kind: z.literal('owner.claim'),
    client: z.strictObject({
      kind: z.enum(['app', 'cli']),
      pid: z.number().int().min(1).max(0x3fffffff),
    }),
    takeOver: z.boolean(),
  }),
  'owner.release': z.strictObject({ ...envelope, kind: z.literal('owner.release') }),
  /** Stops every tunnel this helper started and exits; the kill switch is left as it is. */
  shutdown: z.strictObject({ ...envelope, kind: z.literal('shutdown') }),
} as const;

export type RequestKind = keyof typeof requestSchemas;
export const REQUEST_KINDS = Object.keys(requestSchemas) as RequestKind[];

export type HelperRequest = { [K in RequestKind]: z.infer<(typeof requestSchemas)[K]> }[RequestKind];
export type RequestOf<K extends RequestKind> = z.infer<(typeof requestSchemas)[K]>;
/** What a caller fills in: the request without its envelope. */
export type ParamsOf<K extends RequestKind> = Omit<RequestOf<K>, 'v' | 'id' | 'kind'>;

export interface OrphanHelper {
  pid: number;
  uid: number;
  startedAt: string;
  tunnels: string[];
  /** The app that started it is gone: it only keeps a connection up. False: another app still uses it. */
  appGone?: boolean;
}

export interface HelloResult {
  protocolVersion: number;
  helperVersion: string;
  pid: number;
  orphans: OrphanHelper[];
}

export interface TunnelStarted {
  sessionId: string;
  interfaceName: string;
  probeTarget?: string;
}

export interface KillSwitchStatus {
  active: boolean;
  /** Rules this helper did not apply: left by a run that ended, or held by another live helper. */
  leftover?: { appliedAt?: string; ownerAlive: boolean; message: string };
}

/** The value each request kind answers with. */
export interface ResultOf {
  hello: HelloResult;
  'tunnel.start': TunnelStarted;
  'tunnel.ready': { ready: true };
  'tunnel.status': TunnelStatus;
  'tunnel.stop': { stopped: true };
  'tunnel.probe': { answered: boolean };
  'killswitch.apply': { active: true };
  'killswitch.clear': { active: false };
  'killswitch.status': KillSwitchStatus;
  'orphans.stop': { stopped: boolean };
  'owner.claim': { claimed: true };
  'owner.release': { released: true };
  shutdown: { stopping: true };
}

export type HelperErrorCode =
  | 'bad-message'
  | 'unsupported-version'
  | 'unknown-kind'
  | 'invalid-request'
  | 'not-authenticated'
  | 'unknown-session'
  | 'failed';

export interface HelperErrorBody {
  code: HelperErrorCode;
  message: string;
  /** The HoldfastError code behind a `failed` answer, so the app can show the right text. */
  cause?: string;
  params?: Record<string, string | number>;
}

export type HelperResponse =
  | { v: number; id: number; ok: true; value: unknown }
  | { v: number; id: number | null; ok: false; error: HelperErrorBody };

/** Pushed by the helper without a request: what a tunnel session reports (TunnelEvent). */
export interface HelperEventMessage {
  v: number;
  event: 'tunnel';
  sessionId: string;
  payload: TunnelEvent;
}

export type ParsedRequest =
  { ok: true; request: HelperRequest } | { ok: false; id: number | null; code: HelperErrorCode; message: string };

/**
 * Parses one line from the app. Order matters for the error a caller sees: not JSON, wrong version,
 * unknown kind, then the kind's own schema (whose first problem is named by its path, never its value).
 */
export function parseRequest(raw: string): ParsedRequest {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, id: null, code: 'bad-message', message: 'the message is not JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, id: null, code: 'bad-message', message: 'the message is not a JSON object' };
  }
  const record = data as Record<string, unknown>;
  const id = typeof record.id === 'number' && Number.isInteger(record.id) && record.id > 0 ? record.id : null;
  if (record.v !== HELPER_PROTOCOL_VERSION) {
    return {
      ok: false,
      id,
      code: 'unsupported-version',
      message: `this helper speaks protocol version ${HELPER_PROTOCOL_VERSION}, the message says ${JSON.stringify(record.v ?? null).slice(0, 16)}`,
    };
  }
  const kind = record.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(requestSchemas, kind)) {
    return { ok: false, id, code: 'unknown-kind', message: 'unknown request kind' };
  }
  const parsed = requestSchemas[kind as RequestKind].safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : kind;
    const what =
      issue?.code === 'unrecognized_keys' ? `has unexpected field(s) ${issue.keys.join(', ')}` : issue?.message;
    return { ok: false, id, code: 'invalid-request', message: `${kind}: ${where} ${what ?? 'is invalid'}` };
  }
  return { ok: true, request: parsed.data as HelperRequest };
}

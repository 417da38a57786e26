import { z } from 'zod';

/** Who asks for the machine's connection: the front door, its process and the user it serves. */
const claimantShape = {
  /** The desktop app or the `holdfast` command. */
  client: z.enum(['app', 'cli']),
  /** The app's or the command's process (informational: said in refusals, never signalled). */
  pid: z.number().int().positive(),
  /** The user the session serves (the invoking user for a helper, SUDO_UID under sudo). */
  uid: z.number().int().min(0),
  /** The root process that holds the lock: the helper, or Holdfast itself when it runs as root. */
  holderPid: z.number().int().positive(),
  /** The server in use, as the user named it. */
  server: z.string().max(200).optional(),
};

const claimantSchema = z.strictObject(claimantShape);
const recordSchema = z.strictObject({ ...claimantShape, since: z.string().max(64) });

export type OwnerClaimant = z.infer<typeof claimantSchema>;
export type OwnerRecord = z.infer<typeof recordSchema>;

export function parseOwnerRecord(text: string | undefined): OwnerRecord | undefined {
  return parseWith(recordSchema, text);
}

export function parseOwnerClaimant(value: unknown): OwnerClaimant | undefined {
  const parsed = claimantSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function parseWith<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** One sentence naming who holds the connection, for refusals and `holdfast status`. */
export function describeOwner(record: OwnerRecord | null, userName?: (uid: number) => string | undefined): string {
  if (!record) return "Another Holdfast session is taking this machine's connection right now.";
  const who = record.client === 'app' ? 'the Holdfast app' : '`holdfast connect`';
  const user = userName?.(record.uid) ?? (record.uid === 0 ? 'root' : `uid ${record.uid}`);
  const server = record.server ? `, server ${record.server}` : '';
  return `This machine's connection is held by ${who} (process ${record.pid}, user ${user}, since ${record.since}${server}).`;
}

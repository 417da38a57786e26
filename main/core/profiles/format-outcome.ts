import type { ImportIssue, ImportOutcome } from './types';

/** `line 12: <message>`, or just the message for issues about the whole file. */
export function describeIssue(issue: ImportIssue): string {
  return issue.line !== undefined ? `line ${issue.line}: ${issue.message}` : issue.message;
}

/**
 * Plain lines for the CLI, one outcome at a time:
 *   imported us-nyc (us-nyc.ovpn)
 *   imported se-sto (se-sto.ovpn), with 1 warning:
 *     line 4: `verb 3` sets how much OpenVPN logs; ...
 *   already imported us-nyc.ovpn: same content as us-nyc
 *   refused evil.ovpn: line 12: `up /home/me/vpn-up.sh` would run a program ...
 */
export function formatOutcome(outcome: ImportOutcome): string {
  switch (outcome.status) {
    case 'imported': {
      const count = outcome.warnings.length;
      const head = `${outcome.updated ? 'updated' : 'imported'} ${outcome.id} (${outcome.file})`;
      if (count === 0) return head;
      return [
        `${head}, with ${count} warning${count === 1 ? '' : 's'}:`,
        ...outcome.warnings.map((w) => `  ${describeIssue(w)}`),
      ].join('\n');
    }
    case 'duplicate':
      return `already imported ${outcome.file}: same content as ${outcome.id}`;
    case 'refused':
      if (outcome.errors.length === 0) return `refused ${outcome.file}`;
      return outcome.errors.map((e) => `refused ${outcome.file}: ${describeIssue(e)}`).join('\n');
  }
}

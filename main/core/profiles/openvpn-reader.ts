import { quoteLine, type IssueCollector } from './issues';
import { tokenizeOpenVpnLine } from './openvpn-tokenize';
import { splitLines, stripBom } from './text-input';

export interface RawDirective {
  /** Lowercased, leading `--` removed: what the policy looks up. */
  name: string;
  args: string[];
  line: number;
  column: number;
  /** The whole line as written, for messages. */
  text: string;
}

export interface RawBlock {
  name: string;
  lines: string[];
  line: number;
  column: number;
}

export interface RawConnection {
  line: number;
  directives: RawDirective[];
}

export type OpenVpnItem =
  | { type: 'directive'; directive: RawDirective }
  | { type: 'block'; block: RawBlock }
  | { type: 'connection'; connection: RawConnection };

const TAG = /^<(\/?)([^<>\s/]+)>$/;

/**
 * Turns an .ovpn text into directives, inline blocks and `<connection>` groups in file order. Structure
 * errors (unclosed blocks, stray closing tags, bad quoting) are reported with their line; nothing is
 * interpreted here. Linear in the input.
 */
export function readOpenVpnItems(text: string, issues: IssueCollector): OpenVpnItem[] {
  const items: OpenVpnItem[] = [];
  let block: RawBlock | undefined;
  let connection: RawConnection | undefined;

  for (const { number, text: raw } of splitLines(stripBom(text))) {
    if (issues.saturated) break;
    const trimmed = raw.trim();
    const column = raw.length - raw.trimStart().length + 1;

    if (block) {
      if (trimmed.toLowerCase() === `</${block.name}>`) {
        items.push({ type: 'block', block });
        block = undefined;
      } else block.lines.push(raw);
      continue;
    }

    const tag = TAG.exec(trimmed);
    if (tag) {
      const closing = tag[1] === '/';
      const name = (tag[2] ?? '').toLowerCase();
      const at = { line: number, column, directive: name };
      if (name === 'connection') {
        if (!closing && connection) {
          issues.error('syntax', '`<connection>` blocks cannot be nested.', at);
        } else if (!closing) {
          connection = { line: number, directives: [] };
        } else if (!connection) {
          issues.error('syntax', '`</connection>` closes a block that was never opened.', at);
        } else {
          items.push({ type: 'connection', connection });
          connection = undefined;
        }
      } else if (closing) {
        issues.error('syntax', `\`</${name}>\` closes a block that was never opened.`, at);
      } else if (connection) {
        issues.error('syntax', `\`<${name}>\` cannot appear inside a \`<connection>\` block.`, at);
        block = { name, lines: [], line: number, column }; // still skip its content
        connection = undefined;
      } else {
        block = { name, lines: [], line: number, column };
      }
      continue;
    }

    const tokens = tokenizeOpenVpnLine(raw);
    if (!tokens.ok) {
      issues.error('syntax', `${quoteLine(raw)} cannot be read: ${tokens.reason}.`, {
        line: number,
        column: tokens.column,
      });
      continue;
    }
    const [first, ...rest] = tokens.tokens;
    if (!first) continue;
    if (first.text.startsWith('<')) {
      issues.error('syntax', `${quoteLine(raw)}: an inline block tag must stand alone on its line.`, {
        line: number,
        column: first.column,
      });
      continue;
    }
    const written = first.text.startsWith('--') ? first.text.slice(2) : first.text;
    const directive: RawDirective = {
      name: written.toLowerCase(),
      args: rest.map((t) => t.text),
      line: number,
      column: first.column,
      text: raw,
    };
    if (connection) connection.directives.push(directive);
    else items.push({ type: 'directive', directive });
  }

  if (block) {
    issues.error('syntax', `\`<${block.name}>\` is never closed with \`</${block.name}>\`.`, {
      line: block.line,
      column: block.column,
      directive: block.name,
    });
  }
  if (connection) {
    issues.error('syntax', '`<connection>` is never closed with `</connection>`.', {
      line: connection.line,
      directive: 'connection',
    });
  }
  return items;
}

import { DISGUISE_KINDS, DISGUISE_MODES, type DisguiseMode } from '../../core/disguise/settings';
import { HoldfastError } from '../../core/errors';

type DisguiseKind = (typeof DISGUISE_KINDS)[number];

/**
 * Reads what was typed after `holdfast settings set KEY` for the keys whose schema refusal would not say
 * which word was wrong (an unknown disguise, one listed twice). Every other key goes to the settings store
 * as text, which coerces and validates it; these come back typed and are validated by the store again.
 */
export function readSettingInput(key: string, text: string): unknown {
  if (key === 'disguise.mode') return readDisguiseMode(text);
  if (key === 'disguise.order') return readDisguiseOrder(text);
  return text;
}

function readDisguiseMode(text: string): DisguiseMode {
  const word = text.trim().toLowerCase();
  const mode = DISGUISE_MODES.find((m) => m === word);
  if (mode) return mode;
  throw refused('disguise.mode', `"${text}" is not a mode; use ${spoken(DISGUISE_MODES)}`);
}

/** `tls,shadowsocks` (or a JSON list, as for any list setting); `none` or nothing leaves every disguise out. */
function readDisguiseOrder(text: string): DisguiseKind[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'none') return [];
  let words: unknown[];
  if (trimmed.startsWith('[')) {
    try {
      words = JSON.parse(trimmed) as unknown[];
    } catch {
      throw refused(
        'disguise.order',
        'the list is not valid JSON; write the disguises separated by commas, e.g. tls,obfs4',
      );
    }
  } else {
    words = trimmed.split(',').map((part) => part.trim());
  }
  const order: DisguiseKind[] = [];
  for (const word of words) {
    if (word === '') throw refused('disguise.order', 'a disguise is missing between two commas');
    const kind = DISGUISE_KINDS.find((k) => typeof word === 'string' && k === word.toLowerCase());
    if (!kind) {
      throw refused(
        'disguise.order',
        `${JSON.stringify(word)} is not a disguise; use ${spoken(DISGUISE_KINDS)}, separated by commas, or none`,
      );
    }
    if (order.includes(kind)) throw refused('disguise.order', `${kind} is listed twice; list each disguise once`);
    order.push(kind);
  }
  return order;
}

/** "a, b or c" */
function spoken(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** Refused the way the settings store refuses: the field first, so the message names what to fix. */
function refused(key: string, reason: string): HoldfastError {
  return new HoldfastError('settings-invalid', `${key}: ${reason}`, { key });
}

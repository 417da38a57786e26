import type { ImportOutcome } from '../../../main/core/profiles/types';
import type { ImportFile } from '../store/types';

/** Bytes to base64 in chunks: String.fromCharCode on a whole zip would overflow the call stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export interface ReadResult {
  files: ImportFile[];
  /** Files the browser could not read (a dropped folder, a vanished file), reported like refused imports. */
  unreadable: ImportOutcome[];
}

/** Reads picked or dropped files for 'profiles.import'. */
export async function readFilesForImport(list: Iterable<File>, unreadableMessage: (name: string) => string) {
  const result: ReadResult = { files: [], unreadable: [] };
  for (const file of list) {
    const name = (file.webkitRelativePath || file.name).slice(-255) || 'unnamed';
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      result.files.push({ name, contentBase64: bytesToBase64(bytes) });
    } catch {
      result.unreadable.push({
        file: name,
        status: 'refused',
        errors: [{ file: name, code: 'unreadable', message: unreadableMessage(name) }],
      });
    }
  }
  return result;
}

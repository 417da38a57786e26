/**
 * Size and count limits for everything an import reads. Real profiles are a few kilobytes; the limits are
 * generous for them and small enough that a hostile file or archive is refused before it costs much.
 */
export const MAX_PROFILE_BYTES = 1024 * 1024;
/** A certificate or key file referenced by a profile. */
export const MAX_SIBLING_BYTES = 1024 * 1024;
/**
 * An archive as read from disk or received from the window. A provider's whole fleet is one archive:
 * NordVPN's holds over 10,000 OpenVPN files of about 3 KiB each, so archives may be that large, and no larger.
 */
export const MAX_ARCHIVE_BYTES = 20 * 1024 * 1024;
/** Everything an archive may unpack to, all entries together. */
export const MAX_ARCHIVE_UNPACKED_BYTES = 96 * 1024 * 1024;
export const MAX_ARCHIVE_ENTRIES = 20_000;
/** Files collected from one folder import, and how deep it is walked. */
export const MAX_FOLDER_FILES = 20_000;
export const MAX_FOLDER_DEPTH = 12;
/** A refused file lists at most this many problems (plus one line saying how many were left out). */
export const MAX_ISSUES = 50;
/** OpenVPN's own limits: parameters per line and characters per parameter. */
export const OPENVPN_MAX_PARAMS = 16;
export const OPENVPN_MAX_PARAM_LENGTH = 256;

export function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

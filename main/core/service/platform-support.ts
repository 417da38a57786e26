import { HoldfastError } from '../errors';

/**
 * What Holdfast can do on each system, said once for the engine, the app and the CLI. Connecting needs a
 * privileged part and a kill switch tested on that system: Linux has both (the helper, nftables). macOS
 * and Windows builds are previews until their system service and kill switch exist (docs/desktop.md):
 * they open, import and keep settings, and refuse to connect with a plain reason instead of failing half
 * way through with a tool that does not exist there.
 */
export type PlatformSupport = 'supported' | 'preview';

export function platformSupport(platform: string): PlatformSupport {
  return platform === 'linux' ? 'supported' : 'preview';
}

const PLATFORM_NAMES: Record<string, string> = { darwin: 'macOS', win32: 'Windows' };

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** Throws `platform-unsupported` where connecting cannot work yet; does nothing on Linux. */
export function assertCanConnect(platform: string): void {
  if (platformSupport(platform) === 'supported') return;
  const name = platformName(platform);
  throw new HoldfastError(
    'platform-unsupported',
    `Holdfast cannot connect on ${name} yet: this preview has no system service and no tested kill switch for ${name}. Profiles can be imported and organised.`,
    { platform: name },
  );
}

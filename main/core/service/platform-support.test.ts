import { describe, expect, it, vi } from 'vitest';
import { HoldfastError } from '../errors';
import { createHandlers, type HandlerDeps } from './handlers';
import { assertCanConnect, platformName, platformSupport } from './platform-support';

describe('platformSupport', () => {
  it('supports Linux and calls macOS and Windows previews', () => {
    expect(platformSupport('linux')).toBe('supported');
    expect(platformSupport('darwin')).toBe('preview');
    expect(platformSupport('win32')).toBe('preview');
    expect(platformName('darwin')).toBe('macOS');
  });

  it('refuses to connect on a preview with a stable code and the system named', () => {
    expect(() => assertCanConnect('linux')).not.toThrow();
    for (const [platform, name] of [
      ['darwin', 'macOS'],
      ['win32', 'Windows'],
    ] as const) {
      let error: unknown;
      try {
        assertCanConnect(platform);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(HoldfastError);
      expect(error).toMatchObject({ code: 'platform-unsupported', params: { platform: name } });
      expect((error as Error).message).toContain(`cannot connect on ${name}`);
    }
  });
});

describe('connection.connect on a preview system', () => {
  it('is refused before the controller starts anything', async () => {
    const start = vi.fn(async () => ({ state: 'connecting' }));
    const handlers = (platform: string) =>
      createHandlers({ platform, controller: { start } } as unknown as HandlerDeps)['connection.connect']!;
    await expect(handlers('darwin')({})).rejects.toMatchObject({ code: 'platform-unsupported' });
    await expect(handlers('win32')({ profileId: 'p' })).rejects.toMatchObject({ code: 'platform-unsupported' });
    expect(start).not.toHaveBeenCalled();
    await handlers('linux')({ profileId: 'p' });
    expect(start).toHaveBeenCalledWith('p');
  });
});

import { describe, expect, it } from 'vitest';
import { pickUnprivilegedAccount } from './unprivileged-account';

describe('pickUnprivilegedAccount', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
  it('uses nobody with the group each family of distributions gives it', () => {
    expect(pickUnprivilegedAccount(passwd, 'root:x:0:\nnogroup:x:65534:\n')).toEqual({
      user: 'nobody',
      group: 'nogroup',
    });
    expect(pickUnprivilegedAccount(passwd, 'root:x:0:\nnobody:x:65534:\n')).toEqual({
      user: 'nobody',
      group: 'nobody',
    });
  });
  it('keeps root when there is no such account or group', () => {
    expect(pickUnprivilegedAccount('root:x:0:0::/root:/bin/sh\n', 'nogroup:x:65534:\n')).toBeUndefined();
    expect(pickUnprivilegedAccount(passwd, 'root:x:0:\nusers:x:100:\n')).toBeUndefined();
  });
});

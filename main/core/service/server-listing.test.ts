import { describe, expect, it } from 'vitest';
import { weakest } from './server-listing';

describe('weakest', () => {
  it("shows a server's weakest profile, since failover may use any of them", () => {
    expect(
      weakest([
        { rating: 'strong', securityBits: 128 },
        null,
        { rating: 'insecure', securityBits: 64 },
        { rating: 'acceptable', securityBits: 112 },
      ]),
    ).toEqual({ rating: 'insecure', securityBits: 64 });
    expect(
      weakest([
        { rating: 'strong', securityBits: 256 },
        { rating: 'strong', securityBits: 128 },
      ]),
    ).toEqual({ rating: 'strong', securityBits: 128 });
    expect(weakest([null, null])).toBeNull();
  });
});

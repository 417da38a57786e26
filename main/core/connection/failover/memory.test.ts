import { describe, expect, it } from 'vitest';
import { FailoverMemory } from './memory';
import { wgc } from './test-fixtures';

const NET = 'home-wifi';

describe('FailoverMemory', () => {
  it('notifies its owner of every change', () => {
    const memory = new FailoverMemory();
    let changes = 0;
    memory.onChange(() => (changes += 1));
    memory.recordFailure(NET, wgc('a'), 0);
    memory.recordSuccess(NET, wgc('b'), 1);
    memory.forgetNetwork(NET);
    expect(changes).toBe(3);
  });
});

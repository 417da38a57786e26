import { DisguiseStore } from '../../main/core/disguise/disguise-store';
import type { EventHub } from '../../main/core/events';
import type { Vault } from '../../main/core/security/vault';
import type { StoredDisguises } from './fake-disguises';

/**
 * The disguises the core has stored, read again from the data dir whenever it says they changed. The core
 * keeps its own store to itself; a read-only copy is all the fake disguise programs need (their parameters,
 * and the sealed secrets opened through the same vault, as the real programs' configs are).
 */
export async function followStoredDisguises(
  dataDir: string,
  vault: Vault,
  events: EventHub,
): Promise<() => StoredDisguises> {
  let current = await DisguiseStore.open(dataDir, vault);
  let asked = 0;
  events.on((event) => {
    if (event.type !== 'disguises-changed') return;
    const mine = ++asked;
    void DisguiseStore.open(dataDir, vault).then(
      (store) => {
        // Reads can finish out of order: only the latest one counts.
        if (mine === asked) current = store;
      },
      () => undefined,
    );
  });
  return () => current;
}

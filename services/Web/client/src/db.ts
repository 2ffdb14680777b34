// What the device keeps: households it registered or opened, the queue of what the server has not accepted yet, and
// the last reference data (who is signed in, centres, the centre's figures) so screens open offline.
import Dexie, { type Table } from 'dexie';
import type { HouseholdRecord, QueuedOperation } from './model';

class DeviceStore extends Dexie {
  households!: Table<HouseholdRecord, string>;
  queue!: Table<QueuedOperation, number>;
  cache!: Table<{ key: string; value: unknown; at: string }, string>;

  constructor() {
    super('idptracker');
    this.version(1).stores({
      households: 'id, subject, state, updatedAt',
      queue: '++seq, id, subject, householdId',
      cache: 'key',
    });
  }
}

export const db = new DeviceStore();

export async function cached<T>(key: string): Promise<{ value: T; at: string } | undefined> {
  const row = await db.cache.get(key);
  return row ? { value: row.value as T, at: row.at } : undefined;
}

export const remember = (key: string, value: unknown) => db.cache.put({ key, value, at: new Date().toISOString() });

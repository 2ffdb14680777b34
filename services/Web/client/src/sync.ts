// Sends what this device recorded, in the order it was recorded, through POST /api/sync in batches. Each operation
// gets its own answer: stored, a conflict (kept on the server for review and shown here), or refused with the fields
// to correct. Nothing leaves the queue until the server has answered for it, so a lost connection loses nothing, and
// a resend of the same content is harmless (the server answers 200 and stores nothing twice).
import { api, Offline, post, Problem, SignedOut } from './api';
import { db } from './db';
import { toRequest, type HouseholdRecord, type HouseholdResponse, type QueuedOperation, type SyncResult } from './model';
import { signal } from './signal';

export const BatchSize = 50;

export interface SyncStatus {
  waiting: number;
  sending: boolean;
  problem?: 'offline' | 'signedOut' | 'unavailable';
  last?: { at: string; stored: number; conflicts: number; refused: number };
}

export const status = signal<SyncStatus>({ waiting: 0, sending: false });
let subject = '';

export async function refreshCount() {
  const waiting = subject ? await db.queue.where('subject').equals(subject).count() : 0;
  status.set({ ...status.get(), waiting });
}

export function startSync(signedIn: string) {
  subject = signedIn;
  void refreshCount();
  window.addEventListener('online', () => void sendNow());
  setInterval(() => void sendNow(), 30_000);
  void sendNow();
}

/** Saves a record and its queued operation together: either both are on the device or neither. */
export async function keep(record: HouseholdRecord, operation: QueuedOperation) {
  await db.transaction('rw', db.households, db.queue, async () => {
    await db.households.put(record);
    await db.queue.add(operation);
  });
  await refreshCount();
  void sendNow();
}

/** Queues an operation that changes no household on this device (items handed over). */
export async function enqueue(operation: QueuedOperation) {
  await db.queue.add(operation);
  await refreshCount();
  void sendNow();
}

let running: Promise<void> | undefined;
let again = false;

export function sendNow(): Promise<void> {
  if (!subject) return Promise.resolve();
  // A record saved while a round is under way may have been saved after that round read the queue: one more round.
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      // One sender per device, even with the app open in two tabs.
      await (navigator.locks ? navigator.locks.request('idp-sync', () => sendAll()) : sendAll());
    } while (again);
  })().finally(() => (running = undefined));
  return running;
}

async function sendAll() {
  status.set({ ...status.get(), sending: true, problem: undefined });
  const tally = { stored: 0, conflicts: 0, refused: 0 };
  try {
    for (;;) {
      const queued = await db.queue.where('subject').equals(subject).sortBy('seq');
      if (queued.length === 0) break;
      const next = queued[0];
      const done = next.kind === 'resolve' ? await settle(next, tally)
        : next.kind === 'distribution' ? await handOver(next, tally)
        : await sendBatch(takeBatch(queued), tally);
      if (!done) break;
    }
  } catch (error) {
    const problem = error instanceof SignedOut ? 'signedOut' : error instanceof Offline ? 'offline' : 'unavailable';
    status.set({ ...status.get(), problem });
  } finally {
    const sent = tally.stored + tally.conflicts + tally.refused;
    status.set({ ...status.get(), sending: false, last: sent > 0 ? { at: new Date().toISOString(), ...tally } : status.get().last });
    await refreshCount();
  }
}

/**
 * The next operations to send together, in order. One correction per household per batch: the second is sent on
 * the version the first one makes, so a worker's own two corrections never look like someone else's change.
 */
function takeBatch(queued: QueuedOperation[]) {
  const batch: QueuedOperation[] = [];
  const corrected = new Set<string>();
  for (const operation of queued) {
    if (operation.kind === 'resolve' || operation.kind === 'distribution' || batch.length === BatchSize) break;
    if (operation.kind === 'household') {
      if (corrected.has(operation.householdId)) break;
      corrected.add(operation.householdId);
    }
    batch.push(operation);
  }
  return batch;
}

const deviceId = (() => {
  let id = localStorage.getItem('idp.device');
  if (!id) {
    id = `web-${Math.random().toString(36).slice(2, 10)}`;
    localStorage.setItem('idp.device', id);
  }
  return id;
})();

/** Sends one batch; true when every operation in it was answered for good (so the next batch may go). */
async function sendBatch(batch: QueuedOperation[], tally: { stored: number; conflicts: number; refused: number }) {
  const operations = batch.map((op) =>
    op.kind === 'household'
      ? { kind: 'household', id: op.householdId, version: op.version ?? null, household: op.household }
      : { kind: 'movement', id: op.id, householdId: op.householdId, movement: op.movement });
  const response = await post<{ results: SyncResult[] }>('/sync', { deviceId, operations });
  let allAnswered = true;
  // Once one operation of a household must be sent again, its later ones wait too (a movement of a household the
  // server has not stored yet would otherwise be refused and lost).
  const waiting = new Set<string>();
  await db.transaction('rw', db.households, db.queue, async () => {
    for (const result of response.results) {
      const op = batch[result.index];
      const outcome = waiting.has(op.householdId) ? 'retry' : await apply(op, result);
      if (outcome === 'retry') {
        allAnswered = false;
        waiting.add(op.householdId);
        continue;
      }
      tally[outcome]++;
      await db.queue.delete(op.seq!);
      // A merged copy's later corrections stay on the version they were made on: the server merges each against it.
      if (outcome === 'stored' && op.kind === 'household' && result.outcome !== 'merged') await rebase(op, result.household!.version);
    }
  });
  return allAnswered;
}

/** Later corrections of the same household, made on this phone, now build on the version this one made. */
async function rebase(stored: QueuedOperation, version: number) {
  const later = await db.queue.where('householdId').equals(stored.householdId).filter((op) => op.kind === 'household' && op.seq! > stored.seq!).toArray();
  for (const op of later) await db.queue.update(op.seq!, { version });
  if (later.length > 0) {
    const record = await db.households.get(stored.householdId);
    if (record) await db.households.put({ ...record, state: 'waiting' });
  }
}

async function apply(op: QueuedOperation, result: SyncResult): Promise<'stored' | 'conflicts' | 'refused' | 'retry'> {
  if (result.status >= 500) return 'retry';
  const record = await db.households.get(op.householdId);
  const outcome = result.status < 300 ? 'stored' : result.status === 409 && op.kind === 'household' ? 'conflicts' : 'refused';
  if (!record) return outcome;
  if (op.kind === 'movement') {
    const movement = record.movements.find((m) => m.id === op.id);
    if (movement) {
      movement.state = outcome === 'stored' ? 'sent' : 'refused';
      movement.errors = result.errors ?? undefined;
    }
  } else if (outcome === 'stored' && result.outcome === 'merged') {
    // Made on an older version and merged with someone else's newer changes: the merged household is what stands. A
    // correction made here since then keeps this copy and its version, so it is merged in turn and drops nothing.
    const later = await db.queue.where('householdId').equals(op.householdId).filter((o) => o.kind === 'household' && o.seq! > op.seq!).count();
    if (later === 0) Object.assign(record, { household: toRequest(result.household!), version: result.household!.version, state: 'sent', errors: undefined, conflict: undefined });
  } else if (outcome === 'stored') {
    Object.assign(record, { version: result.household!.version, state: 'sent', errors: undefined, conflict: undefined });
  } else if (outcome === 'conflicts') {
    Object.assign(record, { state: 'conflict', conflict: { conflictId: result.conflictId!, server: result.household! } });
  } else {
    Object.assign(record, { state: 'refused', errors: result.errors ?? undefined });
  }
  record.updatedAt = new Date().toISOString();
  await db.households.put(record);
  return outcome;
}

/**
 * Records items handed over. The id was chosen when the box was ticked, so sending again after a lost answer stores
 * nothing twice (200); a refusal (the household left, a quantity out of range) is kept for the person to see.
 */
async function handOver(op: QueuedOperation, tally: { stored: number; refused: number }) {
  try {
    await post('/needs/distributions', op.distribution);
    tally.stored++;
  } catch (error) {
    if (!(error instanceof Problem) || error.status >= 500) throw error;
    await db.cache.put({ key: `refused:${op.id}`, value: error.body, at: new Date().toISOString() });
    tally.refused++;
  }
  await db.queue.delete(op.seq!);
  return true;
}

/** Settles a conflict the person chose to settle themselves: their copy applied, or the server's kept. */
async function settle(op: QueuedOperation, tally: { stored: number; refused: number }) {
  try {
    await post(`/households/conflicts/${op.resolve!.conflictId}/resolve`, { resolution: op.resolve!.resolution });
  } catch (error) {
    // 409: settled already, by a coordinator (or an earlier try whose answer was lost); 404: no longer ours to settle.
    // Either way the coordinator's decision stands: the phone says so and keeps its copy for the worker to see.
    if (!(error instanceof Problem) || (error.status !== 409 && error.status !== 404)) throw error;
    await db.transaction('rw', db.households, db.queue, async () => {
      const record = await db.households.get(op.householdId);
      if (record) await db.households.put({ ...record, state: 'withCoordinator', updatedAt: new Date().toISOString() });
      await db.queue.delete(op.seq!);
    });
    tally.refused++;
    return true;
  }
  const current = await api<HouseholdResponse>(`/households/${op.householdId}`).catch((error) => {
    if (error instanceof Problem && error.status === 404) return undefined;
    throw error;
  });
  await db.transaction('rw', db.households, db.queue, async () => {
    const record = await db.households.get(op.householdId);
    if (record && current) {
      Object.assign(record, { household: toRequest(current), version: current.version, state: 'sent', conflict: undefined, updatedAt: new Date().toISOString() });
      await db.households.put(record);
    }
    await db.queue.delete(op.seq!);
  });
  tally.stored++;
  return true;
}

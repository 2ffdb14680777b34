// Households as this device knows them. One opened from the server (a search, the centre's list) is kept on the
// device too, so it can be corrected or moved offline afterwards.
import { api } from './api';
import { db } from './db';
import { toRequest, type HouseholdRecord, type HouseholdResponse, type SignedInUser } from './model';

export async function householdRecord(id: string, user: SignedInUser): Promise<HouseholdRecord> {
  const kept = await db.households.get(id);
  if (kept) return kept;
  const server = await api<HouseholdResponse>(`/households/${id}`);
  const record: HouseholdRecord = { id, subject: user.subject, household: toRequest(server), version: server.version, state: 'sent', movements: [], updatedAt: new Date().toISOString() };
  await db.households.put(record);
  return record;
}

// The shapes the Registration API speaks (RegisterHouseholdRequest, HouseholdResponse, MovementRequest, sync results).
export type Sex = 'female' | 'male' | 'unknown';
export type Relationship = 'head' | 'spouse' | 'child' | 'parent' | 'sibling' | 'grandchild' | 'otherRelative' | 'nonRelative';
export type Destination = 'returnedHome' | 'hostFamily' | 'other';
export type MovementKind = 'transfer' | 'departure' | 'followUp';
/** When a family is at its centre: night capacity counts those who sleep there, day capacity those there by day. */
export type Presence = 'dayAndNight' | 'nightOnly' | 'dayOnly';
export const presences: Presence[] = ['dayAndNight', 'nightOnly', 'dayOnly'];

export interface Member {
  id: string;
  sex: Sex | null;
  dateOfBirth: string | null;
  dateOfBirthEstimated: boolean;
  ageYears?: number | null;
  relationship: Relationship | null;
  nameArabic?: string | null;
  nameLatin?: string | null;
  specificNeeds: string[];
}

export interface Origin {
  adm1Code?: string | null;
  adm2Code?: string | null;
  adm3Code?: string | null;
  neighbourhood?: string | null;
}

export interface HouseholdRequest {
  centerId: string;
  arrivedAt: string;
  members: Member[];
  phone?: string | null;
  origin?: Origin | null;
  displacedOn?: string | null;
  /** Times displaced before this time, as the family says (null: not asked). */
  previousDisplacements?: number | null;
  presence?: Presence | null;
}

export interface HouseholdResponse extends HouseholdRequest {
  id: string;
  version: number;
  place?: { present: boolean; status?: string };
}

export interface MovementRequest {
  kind: MovementKind;
  centerId?: string | null;
  destination?: Destination | null;
  occurredAt: string;
}

export type RecordState = 'waiting' | 'sent' | 'conflict' | 'refused' | 'withCoordinator';

/** A household as this device knows it: what was typed, what the server last said, and where it stands. */
export interface HouseholdRecord {
  id: string;
  subject: string;
  household: HouseholdRequest;
  version: number | null;
  state: RecordState;
  errors?: Record<string, string[]>;
  conflict?: { conflictId: string; server: HouseholdResponse };
  movements: Array<MovementRequest & { id: string; state: RecordState; errors?: Record<string, string[]> }>;
  updatedAt: string;
}

/** Something recorded on this device and not yet accepted by the server, in the order it was recorded. */
export interface QueuedOperation {
  seq?: number;
  id: string;
  subject: string;
  kind: 'household' | 'movement' | 'resolve' | 'distribution';
  householdId: string;
  version?: number | null;
  household?: HouseholdRequest;
  movement?: MovementRequest;
  resolve?: { conflictId: string; resolution: 'keepServer' | 'applySubmitted' };
  distribution?: DistributionRequest;
  createdAt: string;
}

/** Items handed over to a household (Needs' distributions API); the id is chosen here, so a resend is harmless. */
export interface DistributionRequest {
  id: string;
  item: 'blanket' | 'mattress' | 'clothingSet' | 'heater' | 'fuelLitre';
  quantity: number;
  householdId: string;
  deliveredOn: string;
}

export interface SignedInUser {
  subject: string;
  roles: string[];
  centres: string[];
  areas: string[];
  organisation?: string | null;
  sessionExpiresAt: string;
}

export interface Centre {
  id: string;
  name: string;
  nameArabic?: string | null;
  adm1Code: string;
  adm2Code?: string | null;
  status?: string;
  nightCapacity?: number | null;
}

export interface SyncResult {
  index: number;
  id: string | null;
  status: number;
  /** merged: the copy was made on an older version and its changes were merged into the newer one (household is the result). */
  outcome?: 'created' | 'unchanged' | 'updated' | 'merged' | 'conflict' | 'invalid' | 'notFound' | 'notStored' | null;
  household?: HouseholdResponse | null;
  errors?: Record<string, string[]> | null;
  conflictId?: string | null;
}

export const specificNeedCodes = [
  'UAC', 'SEP', 'CHH', 'FHH', 'ELD', 'PLW', 'MED', 'PRO',
  'WG-SEEING', 'WG-HEARING', 'WG-WALKING', 'WG-REMEMBERING', 'WG-SELFCARE', 'WG-COMMUNICATING',
] as const;

export const relationships: Relationship[] = ['head', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'otherRelative', 'nonRelative'];

/** A UUID chosen on the device, so a record keeps its id offline and a resend is recognised. */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Age in whole years, typed or from the date of birth. */
export const ageOf = (m: Member): number | null =>
  m.ageYears != null ? m.ageYears : m.dateOfBirth ? Math.floor((Date.now() - new Date(m.dateOfBirth).getTime()) / (365.25 * 864e5)) : null;

export const headOf = (h: HouseholdRequest) => h.members.find((m) => m.relationship === 'head') ?? h.members[0];
export const nameOf = (m: Member | undefined) => (m ? [m.nameArabic, m.nameLatin].filter(Boolean).join(' · ') : '');

/** The household as a request: what the device sends, without the server's own fields. */
export function toRequest(h: HouseholdRequest): HouseholdRequest {
  return {
    centerId: h.centerId,
    arrivedAt: h.arrivedAt,
    phone: h.phone ?? null,
    origin: h.origin ?? null,
    displacedOn: h.displacedOn ?? null,
    previousDisplacements: h.previousDisplacements ?? null,
    presence: h.presence ?? null,
    members: h.members.map((m) => ({
      id: m.id, sex: m.sex, dateOfBirth: m.dateOfBirth, dateOfBirthEstimated: m.dateOfBirthEstimated, ageYears: m.ageYears ?? null,
      relationship: m.relationship, nameArabic: m.nameArabic ?? null, nameLatin: m.nameLatin ?? null, specificNeeds: m.specificNeeds ?? [],
    })),
  };
}

/** A moment as a datetime-local input shows it, in the phone's own time zone (now when not given). */
export function localDateTime(iso?: string): string {
  const d = iso ? new Date(iso) : new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

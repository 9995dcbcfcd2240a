import type { AgeBand } from './age-bands';
import type { ConsentLevel, ConsentStatus } from './incident-consent.entity';
import type { IncidentFlags } from './incident-flags';
import type { ReviewDecision } from './incident-review.entity';
import type { IncidentStatus, TimeOfDay } from './incident.entity';
import type { ActType, PerpetratorType, PlaceType, ReportedTo } from './vocabularies';

export interface ConsentView {
  version: number;
  level: ConsentLevel;
  /** Ids of partners or directory organizations. */
  recipients: string[];
  /** Names recorded before recipients were ids that matched no one (or several): the consent reaches only `recipients`. */
  unmatchedRecipients: number;
  /** pending (a raise waiting for a coordinator), effective, declined or cancelled (by a later version). */
  status: ConsentStatus;
  /** True on the record that took back a consent given before. */
  withdrawn: boolean;
  takenBy: string;
  takenAt: Date;
  /** Who confirmed, declined or cancelled a pending version, and when. */
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface ReviewView {
  decision: ReviewDecision;
  note: string;
  reviewerId: string;
  reviewedAt: Date;
}

/** What a list, and the answer to POST /incidents, show: codes, places and dates; never a free-text field. */
export interface IncidentSummary {
  id: string;
  shelterId: string;
  occurredOn: string;
  occurredOnApproximate: boolean;
  timeOfDay: TimeOfDay | null;
  location: { state: string; municipality: string | null; placeType: PlaceType };
  status: IncidentStatus;
  flags: IncidentFlags;
  actTypes: ActType[];
  perpetratorTypes: PerpetratorType[];
  actCount: number;
  /** The level of the consent in force; none while the first consent waits for confirmation. */
  consentLevel: ConsentLevel;
  /** A raise of the consent waits for a coordinator. */
  consentPending: boolean;
  recordedBy: string;
  createdAt: Date;
}

export interface PerpetratorView {
  type: PerpetratorType;
  count: number | null;
  description: string | null;
}

export interface ActView {
  id: string;
  type: ActType;
  victimPersonId: string | null;
  victim: { sex: string; ageBand: AgeBand; nationality: string | null } | null;
  injuries: boolean | null;
  injuryDetails: string | null;
  medicalCareDenied: boolean | null;
  perpetrators: PerpetratorView[];
}

/** One incident with its free text decrypted: GET /incidents/:id only, audited. */
export interface IncidentView {
  id: string;
  shelterId: string;
  occurredOn: string;
  occurredOnApproximate: boolean;
  timeOfDay: TimeOfDay | null;
  location: {
    state: string;
    municipality: string | null;
    placeType: PlaceType;
    description: string | null;
    lat: number | null;
    lon: number | null;
  };
  reportedTo: ReportedTo[];
  witnessesCount: number | null;
  witnessesNote: string | null;
  narrative: string;
  acts: ActView[];
  status: IncidentStatus;
  flags: IncidentFlags;
  /**
   * The consent in force (the latest effective version; null while the first one waits, which
   * counts as none), the raise waiting for a coordinator, then every version, oldest first.
   */
  consent: ConsentView | null;
  pendingConsent: ConsentView | null;
  consentHistory: ConsentView[];
  review: ReviewView | null;
  recordedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

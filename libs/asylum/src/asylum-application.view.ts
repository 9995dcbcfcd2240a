import type { AsylumDeadlineEntity } from './asylum-deadline.entity';
import type {
  AsylumEventType,
  AsylumGround,
  AsylumStatus,
  DeadlineKind,
  DecisionOutcome,
  Jurisdiction,
} from './asylum-vocabulary';

export interface DeadlineView {
  kind: DeadlineKind;
  dueOn: string;
  basis: string;
  ruleVersion: string;
  met: boolean;
  fulfilledOn: string | null;
  late: boolean;
  informative: boolean;
  open: boolean;
}

export interface AsylumEventView {
  id: string;
  type: AsylumEventType;
  occurredOn: string;
  notifiedOn: string | null;
  outcome: DecisionOutcome | null;
  viaRepresentative: boolean;
  late: boolean;
  lateJustification: string | null;
  note: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export interface AsylumApplicationView {
  id: string;
  personId: string;
  dependentIds: string[];
  jurisdiction: Jurisdiction;
  office: string | null;
  enteredCountryOn: string;
  grounds: AsylumGround;
  nationality: string;
  lawyerId: string;
  shelterId: string;
  status: AsylumStatus;
  /** The event types the status accepts now. */
  allowedEvents: AsylumEventType[];
  deadlines: DeadlineView[];
  createdAt: Date;
  updatedAt: Date;
  /** The timeline, on a single application. */
  events?: AsylumEventView[];
}

/** An open deadline with what a lawyer needs to sort a caseload by it. */
export interface OpenDeadlineView extends DeadlineView {
  applicationId: string;
  personId: string;
  jurisdiction: Jurisdiction;
  status: AsylumStatus;
  lawyerId: string;
  shelterId: string;
}

export function toDeadlineView(row: Pick<AsylumDeadlineEntity, keyof DeadlineView>): DeadlineView {
  return {
    kind: row.kind,
    dueOn: row.dueOn,
    basis: row.basis,
    ruleVersion: row.ruleVersion,
    met: row.met,
    fulfilledOn: row.fulfilledOn,
    late: row.late,
    informative: row.informative,
    open: row.open,
  };
}

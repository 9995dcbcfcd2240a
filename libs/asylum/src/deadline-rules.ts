import { allowedEvents, awaitsDecision, replayStatus } from './asylum-state-machine';
import type { AsylumEvent, AsylumEventType, DeadlineKind, DecisionOutcome, Jurisdiction } from './asylum-vocabulary';
import { BusinessCalendar, calendarCountryOf } from './business-calendar';
import { addCalendarDays, addYears, assertIsoDate, daysBetween, IsoDate } from './iso-date';

/** Changes with any rule or basis below, so that a stored deadline says which rules computed it. */
export const RULE_VERSION = 'mx-us-2026.2';

export interface Deadline {
  kind: DeadlineKind;
  dueOn: IsoDate;
  /** The provision, quoted so that a lawyer can check the date. */
  basis: string;
  ruleVersion: string;
  /** The fulfilling event happened on or before `dueOn`. */
  met: boolean;
  /** When the fulfilling event happened, on time or late; null while none has. */
  fulfilledOn: IsoDate | null;
  /** Fulfilled after `dueOn`; a late filing is recorded as such and needs a justification. */
  late: boolean;
  /** A term the authority sets itself (COMAR's 45 days to decide): nothing the applicant must do. */
  informative: boolean;
  /** Nothing fulfils it yet and the application's status still accepts the event that would. */
  open: boolean;
}

/** An application as far as its deadlines go. */
export interface AsylumTimeline {
  jurisdiction: Jurisdiction;
  /** Entry into Mexico for MX_COMAR; the last arrival in the United States for US_AFFIRMATIVE and US_DEFENSIVE. */
  enteredCountryOn: IsoDate;
  /** In timeline order. */
  events: readonly AsylumEvent[];
}

const LEY = 'Ley sobre Refugiados, Protección Complementaria y Asilo Político';
const REGLAMENTO = 'Reglamento de la Ley sobre Refugiados y Protección Complementaria';
const LFPA = 'Ley Federal de Procedimiento Administrativo';

const BASIS: Record<DeadlineKind, string> = {
  comar_filing: `${LEY}, art. 18: solicitud ante la COMAR dentro de 30 días hábiles contados a partir del día hábil siguiente al ingreso al país.`,
  ratification: `${REGLAMENTO}, art. 20: la solicitud presentada por representante se ratifica en persona dentro de 3 días hábiles contados a partir del día siguiente de su presentación.`,
  comar_decision: `${LEY}, art. 24: la COMAR resuelve dentro de 45 días hábiles contados a partir de la presentación de la solicitud (plazo de la autoridad, informativo).`,
  appeal: `${LEY}, art. 25: recurso de revisión dentro de 15 días hábiles contados a partir del día hábil siguiente a la notificación de la resolución.`,
  abandonment_appeal: `${LEY}, art. 25, y ${LFPA}, arts. 83 y 85: recurso de revisión contra la resolución que tiene por abandonada la solicitud, dentro de 15 días hábiles contados a partir del día hábil siguiente a su notificación.`,
  nullity_suit:
    'Ley Federal de Procedimiento Contencioso Administrativo, art. 13, fr. I, inciso a): juicio contencioso administrativo federal ante el Tribunal Federal de Justicia Administrativa contra la resolución del recurso de revisión, dentro de 30 días hábiles contados a partir del día hábil siguiente a su notificación. Cuenta los días inhábiles federales, no los cierres de la COMAR.',
  amparo:
    'Ley de Amparo, arts. 17, 18 y 19: demanda de amparo contra la resolución del recurso de revisión, dentro de 15 días hábiles contados a partir del día hábil siguiente a su notificación. Cuenta los días inhábiles federales, no los cierres de la COMAR.',
  signature: `${REGLAMENTO}, art. 24: firma semanal ante la COMAR o el INM mientras la solicitud está en trámite; no asistir puede tenerse por abandono. Fecha calculada cada 7 días desde la presentación; prevalece el día que señale la autoridad.`,
  us_one_year_filing:
    '8 CFR 208.4(a)(2): Form I-589 filed within 1 year after the last arrival in the United States; a last day on a weekend or federal holiday runs to the next business day.',
  bia_appeal:
    "8 CFR 1003.38(b): Notice of Appeal (EOIR-26) received by the BIA within 30 calendar days after the immigration judge's oral decision or the mailing of the written one; a last day on a weekend or federal holiday runs to the next business day.",
};

const COMAR_FILING_BUSINESS_DAYS = 30;
const RATIFICATION_BUSINESS_DAYS = 3;
const COMAR_DECISION_BUSINESS_DAYS = 45;
const COMAR_APPEAL_BUSINESS_DAYS = 15;
const NULLITY_SUIT_BUSINESS_DAYS = 30;
const AMPARO_BUSINESS_DAYS = 15;
const SIGNATURE_INTERVAL_DAYS = 7;
const BIA_APPEAL_CALENDAR_DAYS = 30;

// Complementary protection refuses refugee status, withholding and CAT refuse asylum: each can be appealed.
const COMAR_APPEALABLE: readonly DecisionOutcome[] = ['denied', 'complementary_protection'];
/** The same outcomes upheld on appeal go to the federal courts. */
const COURT_CHALLENGEABLE: readonly DecisionOutcome[] = COMAR_APPEALABLE;
const BIA_APPEALABLE: readonly DecisionOutcome[] = ['denied', 'withholding', 'cat_protection'];

interface DraftDeadline {
  kind: DeadlineKind;
  dueOn: IsoDate;
  /** The event type that fulfils it; null for the weekly signature, which nothing fulfils. */
  fulfilledBy: AsylumEventType | null;
  fulfilledOn: IsoDate | null;
  informative?: boolean;
}

function assertCalendarFits(jurisdiction: Jurisdiction, calendar: BusinessCalendar): void {
  if (calendar.country !== calendarCountryOf(jurisdiction)) {
    throw new Error(`A ${jurisdiction} deadline counts on the ${calendarCountryOf(jurisdiction)} calendar`);
  }
}

function assertTimelineDates({ enteredCountryOn, events }: AsylumTimeline): void {
  assertIsoDate(enteredCountryOn, 'enteredCountryOn');
  events.forEach((event, index) => {
    assertIsoDate(event.occurredOn, `events[${index}].occurredOn`);
    if (event.notifiedOn !== undefined) assertIsoDate(event.notifiedOn, `events[${index}].notifiedOn`);
  });
}

/** When the first event of `type` after position `after` of the timeline happened, or null. */
function firstOccurrence(events: readonly AsylumEvent[], type: AsylumEventType, after = -1): IsoDate | null {
  return events.find((event, index) => index > after && event.type === type)?.occurredOn ?? null;
}

/**
 * The filing deadline: 30 Mexican business days after entry for COMAR, one year after the last
 * arrival, rolled to a US business day, for the United States.
 */
export function filingDeadline(
  application: Pick<AsylumTimeline, 'jurisdiction' | 'enteredCountryOn'>,
  calendar: BusinessCalendar,
): IsoDate {
  assertCalendarFits(application.jurisdiction, calendar);
  assertIsoDate(application.enteredCountryOn, 'enteredCountryOn');
  return application.jurisdiction === 'MX_COMAR'
    ? calendar.addBusinessDays(application.enteredCountryOn, COMAR_FILING_BUSINESS_DAYS)
    : calendar.rollForward(addYears(application.enteredCountryOn, 1));
}

/** A filing after the deadline is recorded as late and needs a justification (changed or extraordinary circumstances). */
export function isLateFiling(
  application: Pick<AsylumTimeline, 'jurisdiction' | 'enteredCountryOn'>,
  filedOn: IsoDate,
  calendar: BusinessCalendar,
): boolean {
  assertIsoDate(filedOn, 'filedOn');
  return filedOn > filingDeadline(application, calendar);
}

/**
 * The first weekly signature day on or after `today`: every 7 days from the filing, each rolled
 * forward to a business day.
 */
function nextSignatureDay(filedOn: IsoDate, today: IsoDate, calendar: BusinessCalendar): IsoDate {
  const weeklyDay = (week: number) => calendar.rollForward(addCalendarDays(filedOn, SIGNATURE_INTERVAL_DAYS * week));
  let week = Math.max(1, Math.ceil(daysBetween(filedOn, today) / SIGNATURE_INTERVAL_DAYS));
  // A closure can roll an earlier week's day past today, and that earlier day comes first.
  while (week > 1 && weeklyDay(week - 1) >= today) week -= 1;
  return weeklyDay(week);
}

/**
 * COMAR's deadlines count on its calendar (federal holidays and COMAR's closures); the courts'
 * (`courts`) on the federal holidays alone, since a COMAR closure does not close a court.
 */
function comarDeadlines(
  application: AsylumTimeline,
  calendar: BusinessCalendar,
  courts: BusinessCalendar,
  today: IsoDate,
): DraftDeadline[] {
  const { events } = application;
  const drafts: DraftDeadline[] = [
    {
      kind: 'comar_filing',
      dueOn: filingDeadline(application, calendar),
      fulfilledBy: 'filed',
      fulfilledOn: firstOccurrence(events, 'filed'),
    },
  ];
  const filedAt = events.findIndex((event) => event.type === 'filed');
  if (filedAt < 0) return drafts;
  const notified = (event: AsylumEvent) => event.notifiedOn ?? event.occurredOn;
  const filing = events[filedAt];
  if (filing.viaRepresentative) {
    drafts.push({
      kind: 'ratification',
      dueOn: calendar.addBusinessDays(filing.occurredOn, RATIFICATION_BUSINESS_DAYS),
      fulfilledBy: 'ratified',
      fulfilledOn: firstOccurrence(events, 'ratified', filedAt),
    });
  }
  drafts.push({
    kind: 'comar_decision',
    dueOn: calendar.addBusinessDays(filing.occurredOn, COMAR_DECISION_BUSINESS_DAYS),
    fulfilledBy: 'decision',
    fulfilledOn: firstOccurrence(events, 'decision', filedAt),
    informative: true,
  });
  // The recurso de revisión, against a denial (or complementary protection) or an abandonment ruling.
  events.forEach((event, index) => {
    const appealable = event.type === 'decision' && COMAR_APPEALABLE.includes(event.outcome as DecisionOutcome);
    if (!appealable && event.type !== 'abandoned') return;
    drafts.push({
      kind: appealable ? 'appeal' : 'abandonment_appeal',
      dueOn: calendar.addBusinessDays(notified(event), COMAR_APPEAL_BUSINESS_DAYS),
      fulfilledBy: 'appeal_filed',
      fulfilledOn: firstOccurrence(events, 'appeal_filed', index),
    });
  });
  events.forEach((event, index) => {
    if (event.type !== 'appeal_decision' || !COURT_CHALLENGEABLE.includes(event.outcome as DecisionOutcome)) return;
    // Two roads to a court, either of which ends the other: the one taken fulfils its own deadline.
    drafts.push(
      {
        kind: 'nullity_suit',
        dueOn: courts.addBusinessDays(notified(event), NULLITY_SUIT_BUSINESS_DAYS),
        fulfilledBy: 'nullity_suit_filed',
        fulfilledOn: firstOccurrence(events, 'nullity_suit_filed', index),
      },
      {
        kind: 'amparo',
        dueOn: courts.addBusinessDays(notified(event), AMPARO_BUSINESS_DAYS),
        fulfilledBy: 'amparo_filed',
        fulfilledOn: firstOccurrence(events, 'amparo_filed', index),
      },
    );
  });
  if (awaitsDecision('MX_COMAR', replayStatus('MX_COMAR', events))) {
    drafts.push({
      kind: 'signature',
      dueOn: nextSignatureDay(filing.occurredOn, today, calendar),
      fulfilledBy: null,
      fulfilledOn: null,
    });
  }
  return drafts;
}

function usDeadlines(application: AsylumTimeline, calendar: BusinessCalendar): DraftDeadline[] {
  const { events } = application;
  const drafts: DraftDeadline[] = [
    {
      kind: 'us_one_year_filing',
      dueOn: filingDeadline(application, calendar),
      fulfilledBy: 'filed',
      fulfilledOn: firstOccurrence(events, 'filed'),
    },
  ];
  if (application.jurisdiction !== 'US_DEFENSIVE') return drafts;
  events.forEach((event, index) => {
    if (event.type !== 'decision' || !BIA_APPEALABLE.includes(event.outcome as DecisionOutcome)) return;
    // The BIA clock runs from the decision (or its mailing), not from its receipt: notifiedOn is not used.
    drafts.push({
      kind: 'bia_appeal',
      dueOn: calendar.rollForward(addCalendarDays(event.occurredOn, BIA_APPEAL_CALENDAR_DAYS)),
      fulfilledBy: 'appeal_filed',
      fulfilledOn: firstOccurrence(events, 'appeal_filed', index),
    });
  });
  return drafts;
}

/**
 * The deadlines of one application, in the order they arise, from its entry date and timeline.
 * `calendar` is the jurisdiction's (BusinessCalendar.of), with COMAR's closures for MX_COMAR;
 * `today` only places the next weekly signature.
 */
export function computeDeadlines(application: AsylumTimeline, calendar: BusinessCalendar, today: IsoDate): Deadline[] {
  assertCalendarFits(application.jurisdiction, calendar);
  assertTimelineDates(application);
  assertIsoDate(today, 'today');
  const status = replayStatus(application.jurisdiction, application.events);
  const stillAccepted = allowedEvents(application.jurisdiction, status);
  const drafts =
    application.jurisdiction === 'MX_COMAR'
      ? comarDeadlines(application, calendar, BusinessCalendar.mexico(), today)
      : usDeadlines(application, calendar);
  return drafts.map(({ kind, dueOn, fulfilledBy, fulfilledOn, informative = false }) => ({
    kind,
    dueOn,
    basis: BASIS[kind],
    ruleVersion: RULE_VERSION,
    met: fulfilledOn !== null && fulfilledOn <= dueOn,
    fulfilledOn,
    late: fulfilledOn !== null && fulfilledOn > dueOn,
    informative,
    open: fulfilledOn === null && (fulfilledBy === null || stillAccepted.includes(fulfilledBy)),
  }));
}

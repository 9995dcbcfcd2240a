import { Actor, AuditService, UsersService } from '@albergue/access';
import { AsylumApplicationsService } from '@albergue/asylum';
import { PersonsService, PersonView, StaysService } from '@albergue/intake';
import { Language, MAX_PAGE_SIZE, VocabularyRegistry } from '@albergue/platform';
import { DirectoryService, ReferralsService, ReferralSummary } from '@albergue/referrals';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { CASE_FILE_DOCUMENTS, CaseFileDocuments } from './case-file-documents';
import { CASE_NOTE_KIND_VOCABULARY } from './case-note-kinds';
import { CaseNotesService } from './case-notes.service';
import { formatDay, formatMoment, printedByLine, SUMMARY_LABELS } from './summary-labels';
import { SummaryPdf } from './summary-pdf';

/** Roles that see a person's referrals (docs/API.md, Referrals: lawyers see none). */
const REFERRAL_ROLES: readonly Actor['role'][] = ['admin', 'coordinator', 'shelter_worker'];

/**
 * The printed summaries of a person's case and of an asylum application, from the same scoped,
 * audited reads as the API (a section the caller may not see is left out or says so), in the
 * caller's language, each page naming who printed it and when.
 */
@Injectable()
export class SummariesService {
  constructor(
    private readonly persons: PersonsService,
    private readonly stays: StaysService,
    private readonly referrals: ReferralsService,
    private readonly directory: DirectoryService,
    private readonly applications: AsylumApplicationsService,
    private readonly notes: CaseNotesService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly vocabularies: VocabularyRegistry,
    @Optional() @Inject(CASE_FILE_DOCUMENTS) private readonly documents?: CaseFileDocuments,
  ) {}

  async personSummary(actor: Actor, personId: string, language: Language): Promise<Buffer> {
    const person = await this.persons.findVisible(actor, personId);
    const L = (key: keyof typeof SUMMARY_LABELS) => SUMMARY_LABELS[key][language];
    const vocabulary = (name: string, code: string) => this.vocabularies.labelOf(name, code, language);
    const pdf = new SummaryPdf(language, L('personTitle'));
    this.personFields(pdf, person, language);

    const { items: stays } = await this.stays.listForPerson(actor, personId);
    pdf.heading(L('stays'));
    if (stays.length === 0) pdf.line(L('noStays'));
    for (const stay of stays) {
      pdf.line(`${stay.caseNumber} · ${stay.shelterCode} ${stay.shelterName}`, { bold: true });
      pdf.field(L('arrived'), formatMoment(stay.checkedInAt));
      pdf.field(
        L('departed'),
        stay.checkedOutAt
          ? `${formatMoment(stay.checkedOutAt)} (${vocabulary('checkout-destinations', stay.destination ?? '')})`
          : L('present'),
      );
      pdf.field(
        L('reasonsForLeaving'),
        stay.reasonsForLeaving.map((code) => vocabulary('reasons-for-leaving', code)).join(', ') || L('none'),
      );
      pdf.field(
        L('vulnerabilities'),
        stay.vulnerabilities.map((code) => vocabulary('vulnerabilities', code)).join(', ') || L('none'),
      );
      pdf.field(
        L('household'),
        stay.household.length === 0
          ? L('noHousehold')
          : stay.household
              .map(
                (member) =>
                  `${member.givenNames} ${member.familyNames}`.trim() +
                  ` (${vocabulary('relationships', member.relationship)})`,
              )
              .join('; '),
      );
      pdf.space();
    }

    pdf.heading(L('referrals'));
    if (!REFERRAL_ROLES.includes(actor.role)) {
      pdf.line(L('referralsNotYours'));
    } else {
      const referrals = await this.referralsOf(actor, personId);
      if (referrals.length === 0) pdf.line(L('noReferrals'));
      for (const referral of referrals) {
        const service = await this.directory.findService(referral.serviceId);
        pdf.line(`${service?.name ?? referral.serviceId}`, { bold: true });
        pdf.field(L('referredOn'), formatDay(referral.createdAt));
        pdf.field(L('urgency'), vocabulary('referral-urgencies', referral.urgency));
        pdf.field(
          L('outcome'),
          `${vocabulary('referral-statuses', referral.status)} (${formatDay(referral.updatedAt)})`,
        );
        pdf.space();
      }
    }

    const notes = await this.notes.allReadable(actor, personId);
    pdf.heading(L('notes'));
    if (notes.length === 0) pdf.line(L('noNotes'));
    const noteDates = new Map(notes.map((note) => [note.id, formatMoment(note.createdAt)]));
    for (const note of notes) {
      pdf.line(
        `${formatMoment(note.createdAt)} · ${CASE_NOTE_KIND_VOCABULARY.label(note.kind, language)} · ${L('by')} ${note.authorName}`,
        { bold: true },
      );
      if (note.corrects) pdf.line(`${L('correctsNote')} ${noteDates.get(note.corrects) ?? '—'}`, { indent: 12 });
      if (note.correctedBy.length > 0) {
        const dates = note.correctedBy.map((id) => noteDates.get(id) ?? '—').join(', ');
        pdf.line(`${L('correctedLater')}: ${dates}`, { indent: 12 });
      }
      pdf.paragraph(note.body);
      pdf.space();
    }

    await this.audit.record(actor, {
      action: 'print',
      entityType: 'person',
      entityId: personId,
      details: { language, stayIds: stays.map((stay) => stay.id), noteIds: notes.map((note) => note.id) },
    });
    return pdf.finish(printedByLine(language, await this.callerName(actor), new Date()));
  }

  async applicationSummary(actor: Actor, applicationId: string, language: Language): Promise<Buffer> {
    const application = await this.applications.findVisible(actor, applicationId);
    const L = (key: keyof typeof SUMMARY_LABELS) => SUMMARY_LABELS[key][language];
    const people = new Map(
      (await this.persons.findForDisclosure([application.personId, ...application.dependentIds])).map((person) => [
        person.id,
        person,
      ]),
    );
    const vocabulary = (name: string, code: string) => this.vocabularies.labelOf(name, code, language);
    const pdf = new SummaryPdf(language, L('applicationTitle'));
    pdf.heading(L('applicant'));
    this.personFields(pdf, people.get(application.personId)!, language, false);
    pdf.heading(L('dependents'));
    if (application.dependentIds.length === 0) pdf.line(L('noDependents'));
    for (const id of application.dependentIds) {
      const dependent = people.get(id)!;
      pdf.line(`${this.nameOf(dependent, language)} · ${dependent.nationality} · ${this.birthOf(dependent, language)}`);
    }

    pdf.heading(L('application'));
    pdf.field(L('jurisdiction'), vocabulary('jurisdictions', application.jurisdiction));
    pdf.field(L('office'), application.office ?? '—');
    pdf.field(L('grounds'), vocabulary('asylum-grounds', application.grounds));
    pdf.field(L('enteredCountryOn'), application.enteredCountryOn);
    pdf.field(L('status'), vocabulary('asylum-statuses', application.status));
    pdf.field(L('lawyer'), await this.userName(application.lawyerId));

    pdf.heading(L('deadlines'));
    if (application.deadlines.length === 0) pdf.line(L('noDeadlines'));
    for (const deadline of application.deadlines) {
      const state = [
        deadline.met ? L('met') : deadline.open ? L('open') : L('closed'),
        deadline.late ? L('late') : null,
        deadline.informative ? L('informative') : null,
      ].filter(Boolean);
      pdf.line(
        `${vocabulary('deadline-kinds', deadline.kind)} · ${L('dueOn')} ${deadline.dueOn} · ${state.join(', ')}`,
        { bold: true },
      );
      pdf.line(`${L('basis')}: ${deadline.basis} (${deadline.ruleVersion})`, { indent: 12 });
    }

    pdf.heading(L('timeline'));
    const events = application.events ?? [];
    if (events.length === 0) pdf.line(L('noEvents'));
    for (const event of events) {
      const parts = [event.occurredOn, vocabulary('asylum-event-types', event.type)];
      if (event.outcome) parts.push(vocabulary('decision-outcomes', event.outcome));
      if (event.notifiedOn && event.notifiedOn !== event.occurredOn) {
        parts.push(`${L('notified')} ${event.notifiedOn}`);
      }
      if (event.late) parts.push(L('late'));
      pdf.line(parts.join(' · '), { bold: true });
      if (event.note) pdf.paragraph(`${L('note')}: ${event.note}`);
      if (event.lateJustification) pdf.paragraph(event.lateJustification);
    }

    pdf.heading(L('documents'));
    const documents = this.documents ? await this.documents.listForOwner('asylum_application', applicationId) : [];
    if (documents.length === 0) pdf.line(L('noDocuments'));
    for (const document of documents) {
      const size = `${Math.max(1, Math.round(document.byteSize / 1024))} KB`;
      const deleted = document.deletedAt ? ` · ${L('deletedDocument')} ${formatDay(document.deletedAt)}` : '';
      pdf.line(
        `${formatDay(document.createdAt)} · ${vocabulary('document-kinds', document.kind)} · ${document.title ?? '—'} · ${document.mediaType} · ${size}${deleted}`,
      );
    }

    await this.audit.record(actor, {
      action: 'print',
      entityType: 'asylum_application',
      entityId: applicationId,
      details: { language, personIds: [application.personId, ...application.dependentIds] },
    });
    return pdf.finish(printedByLine(language, await this.callerName(actor), new Date()));
  }

  private personFields(pdf: SummaryPdf, person: PersonView, language: Language, withLanguages = true): void {
    const L = (key: keyof typeof SUMMARY_LABELS) => SUMMARY_LABELS[key][language];
    pdf.field(L('names'), this.nameOf(person, language));
    pdf.field(L('sex'), this.vocabularies.labelOf('sexes', person.sex, language));
    pdf.field(L('birth'), this.birthOf(person, language));
    pdf.field(L('nationality'), person.nationality);
    if (withLanguages) pdf.field(L('languages'), person.languages.join(', ') || '—');
  }

  private nameOf(person: PersonView, language: Language): string {
    if (person.erasedAt) return SUMMARY_LABELS.erased[language];
    return `${person.givenNames} ${person.familyNames}`.trim();
  }

  private birthOf(person: PersonView, language: Language): string {
    if (person.birthDate) return person.birthDate;
    if (person.estimatedBirthYear) {
      return `${person.estimatedBirthYear} (${SUMMARY_LABELS.birthYearEstimated[language]})`;
    }
    return '—';
  }

  private async referralsOf(actor: Actor, personId: string): Promise<ReferralSummary[]> {
    const all: ReferralSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.referrals.list(actor, { personId, limit: MAX_PAGE_SIZE, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  private callerName(actor: Actor): Promise<string> {
    return this.userName(actor.userId);
  }

  private async userName(id: string): Promise<string> {
    return (await this.users.findOne(id)).name;
  }
}

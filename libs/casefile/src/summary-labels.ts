import type { Language, LocalizedText } from '@albergue/platform';

/** The words of the printed summaries, in Spanish and English. */
export const SUMMARY_LABELS = {
  personTitle: { es: 'Resumen del expediente', en: 'Case summary' },
  applicationTitle: { es: 'Resumen de la solicitud de asilo', en: 'Asylum application summary' },
  confidential: {
    es: 'Confidencial: datos personales de una persona en movilidad. No lo comparta ni lo deje a la vista.',
    en: 'Confidential: personal data of a person on the move. Do not share it or leave it in sight.',
  },
  person: { es: 'Persona', en: 'Person' },
  names: { es: 'Nombre', en: 'Name' },
  erased: { es: '(registro borrado)', en: '(record erased)' },
  sex: { es: 'Sexo', en: 'Sex' },
  birth: { es: 'Nacimiento', en: 'Born' },
  birthYearEstimated: { es: 'año estimado', en: 'estimated year' },
  nationality: { es: 'Nacionalidad', en: 'Nationality' },
  languages: { es: 'Idiomas', en: 'Languages' },
  stays: { es: 'Estancias', en: 'Stays' },
  noStays: { es: 'Ninguna estancia en sus albergues.', en: 'No stay in your shelters.' },
  caseNumber: { es: 'Expediente', en: 'Case number' },
  shelter: { es: 'Albergue', en: 'Shelter' },
  arrived: { es: 'Llegada', en: 'Arrived' },
  departed: { es: 'Salida', en: 'Departed' },
  present: { es: 'presente', en: 'present' },
  destination: { es: 'Destino', en: 'Destination' },
  reasonsForLeaving: { es: 'Motivos de salida', en: 'Reasons for leaving' },
  household: { es: 'Grupo familiar', en: 'Household' },
  noHousehold: { es: 'Llegó sin grupo familiar registrado.', en: 'Arrived with no household on record.' },
  vulnerabilities: { es: 'Vulnerabilidades', en: 'Vulnerabilities' },
  none: { es: 'Ninguna', en: 'None' },
  referrals: { es: 'Canalizaciones', en: 'Referrals' },
  noReferrals: { es: 'Ninguna canalización.', en: 'No referrals.' },
  referralsNotYours: {
    es: 'Las canalizaciones son trabajo del albergue: no se muestran a su función.',
    en: 'Referrals are the shelter’s work: not shown to your role.',
  },
  service: { es: 'Servicio', en: 'Service' },
  urgency: { es: 'Urgencia', en: 'Urgency' },
  outcome: { es: 'Resultado', en: 'Outcome' },
  referredOn: { es: 'Canalizada el', en: 'Referred on' },
  notes: { es: 'Notas del expediente', en: 'Case notes' },
  noNotes: { es: 'Ninguna nota que usted pueda leer.', en: 'No notes you may read.' },
  correctsNote: { es: 'Corrige la nota del', en: 'Corrects the note of' },
  correctedLater: { es: 'Corregida después', en: 'Corrected later' },
  by: { es: 'por', en: 'by' },
  application: { es: 'Solicitud', en: 'Application' },
  applicant: { es: 'Solicitante principal', en: 'Principal applicant' },
  dependents: { es: 'Dependientes', en: 'Dependents' },
  noDependents: { es: 'Ninguno', en: 'None' },
  jurisdiction: { es: 'Procedimiento', en: 'Jurisdiction' },
  office: { es: 'Oficina', en: 'Office' },
  grounds: { es: 'Motivo', en: 'Grounds' },
  enteredCountryOn: { es: 'Ingreso al país', en: 'Entered the country on' },
  status: { es: 'Estado', en: 'Status' },
  lawyer: { es: 'Abogada(o)', en: 'Lawyer' },
  deadlines: { es: 'Plazos', en: 'Deadlines' },
  noDeadlines: { es: 'Ningún plazo calculado.', en: 'No deadlines computed.' },
  dueOn: { es: 'vence', en: 'due' },
  basis: { es: 'Fundamento', en: 'Legal basis' },
  met: { es: 'cumplido', en: 'met' },
  late: { es: 'fuera de plazo', en: 'late' },
  open: { es: 'abierto', en: 'open' },
  closed: { es: 'cerrado', en: 'closed' },
  informative: { es: 'informativo', en: 'informative' },
  timeline: { es: 'Cronología', en: 'Timeline' },
  noEvents: { es: 'Ningún evento registrado.', en: 'No events recorded.' },
  notified: { es: 'notificado', en: 'notified' },
  note: { es: 'Nota', en: 'Note' },
  documents: { es: 'Documentos', en: 'Documents' },
  noDocuments: { es: 'Ningún documento registrado.', en: 'No documents on record.' },
  deletedDocument: { es: 'contenido destruido el', en: 'content destroyed on' },
  page: { es: 'página', en: 'page' },
  of: { es: 'de', en: 'of' },
} satisfies Record<string, LocalizedText>;

export type SummaryLabel = keyof typeof SUMMARY_LABELS;

const TIME_ZONE = 'America/Mexico_City';

/** A moment as the desk reads it, in central Mexico: `2026-03-14 22:10`. */
export function formatMoment(moment: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(moment)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The day of a moment in central Mexico: `2026-03-14`. */
export function formatDay(moment: Date): string {
  return formatMoment(moment).slice(0, 10);
}

/** The footer of every page: who printed the summary and when (central Mexico time). */
export function printedByLine(language: Language, name: string, at: Date): string {
  return language === 'en'
    ? `Printed by ${name} on ${formatMoment(at)} (Mexico City time)`
    : `Impreso por ${name} el ${formatMoment(at)} (hora del centro de México)`;
}

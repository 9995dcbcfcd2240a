import type { IsoDate } from './iso-date';

const MEXICO_CITY_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Mexico_City',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in central Mexico, where the shelters and COMAR count their days. */
export function todayInMexicoCity(now: Date = new Date()): IsoDate {
  return MEXICO_CITY_DATE.format(now);
}

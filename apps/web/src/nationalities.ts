import type { Option } from './ui';

/** The nationalities a desk in southern Mexico meets most, first; XX is unknown or stateless. */
const COMMON = ['SV', 'HN', 'GT', 'NI', 'VE', 'CU', 'HT', 'EC', 'CO', 'MX', 'US', 'XX'];

export function nationalityOptions(language: string, codes: string[] = COMMON): Option[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([language === 'en' ? 'en' : 'es-MX'], { type: 'region' });
  } catch {
    names = null;
  }
  return codes.map((code) => ({
    value: code,
    label:
      code === 'XX'
        ? language === 'en'
          ? 'Unknown / stateless'
          : 'Desconocida / apátrida'
        : (names?.of(code) ?? code),
  }));
}

/** Messages of the offline screens: Spanish first, English with the same keys (the compiler checks both). */
export const es = {};

export const en: Record<keyof typeof es, string> = {};

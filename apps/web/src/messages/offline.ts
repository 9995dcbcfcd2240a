/** Messages of the offline shell: Spanish first, English with the same keys (the compiler checks both). */
export const es = {
  offlineReady: 'La aplicación funciona sin conexión en este equipo.',
  offlineLocked:
    'Sin conexión: para guardar registros en este equipo, confirme su contraseña en la pantalla de Registro.',
};

export const en: Record<keyof typeof es, string> = {
  offlineReady: 'The app works offline on this device.',
  offlineLocked: 'Offline: to keep registrations on this device, confirm your password on the Intake screen.',
};

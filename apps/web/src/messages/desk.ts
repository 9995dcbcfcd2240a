/** Messages of the desk screens: Spanish first, English with the same keys (the compiler checks both). */
export const es = {
  minorAlertTitle: 'Atención: menor de edad sin su madre, padre o tutor',
  minorAlert_unaccompanied_minor:
    'Integrante {n} ({name}{age}): menor no acompañado, sin ningún adulto en el grupo. Avise hoy a la coordinación.',
  minorAlert_separated_child:
    'Integrante {n} ({name}{age}): menor separado, sin madre, padre ni tutor en el grupo. Avise hoy a la coordinación.',
  minorAge: ', {years} años',
  minorAgeEstimated: ', {years} años o menos',
  memberUnnamed: 'sin nombre',
  notSamePerson: 'No es la misma persona',
  notSamePersonLabel: 'No es la misma persona: {name}',
  openStayHere:
    'Integrante {n} sigue registrado/a en {shelter} ({case}). Usted trabaja en ese albergue: puede cerrar esa estancia como traslado y registrarlo/a aquí.',
  openStayElsewhere:
    'Integrante {n} sigue registrado/a en el albergue {shelter}. Ese albergue debe registrar su salida o trasladar a la persona a este; después podrá registrarla aquí.',
  openStayTransfer: 'Trasladar y registrar aquí',
  openStayCancel: 'Cancelar',
  openStayCancelled: 'No se registró el grupo. Los datos siguen en el formulario.',
  unlockTitle: 'Confirme su contraseña para guardar en este equipo',
  unlockIntro:
    'Sin conexión, los registros se guardan cifrados con su contraseña. Después de recargar la página hay que escribirla otra vez.',
  unlock: 'Confirmar',
  unlockWrong: 'La contraseña no coincide con la de su último inicio de sesión en este equipo.',
  pendingLocked: 'Hay {n} registros cifrados esperando en este equipo. Confirme su contraseña para enviarlos.',
  minorBadge: 'Menor de edad',
  minorBadgeAge: 'Menor de edad · {years} años',
  checkOutGroup: 'Salida de todo el grupo ({n})',
  checkOutGroupLabel: 'Registrar salida de todo el grupo de {name} ({n} personas)',
  checkOutGroupTitle: 'Salida del grupo: {names}',
  checkedOutGroup: 'Salida registrada: {n} personas.',
  confirmMinorCheckout: '{names}: menor de edad. ¿Confirma que sale del albergue, y con quién? Anótelo en la nota.',
  confirmCheckout: 'Sí, registrar la salida',
  searchEveryoneTitle: 'Buscar personas',
  searchEveryone: 'Nombre',
  searchEveryoneHint: 'Busca entre todas las personas que usted puede ver, presentes o no.',
  noPersonsFound: 'No se encontró a nadie con ese nombre.',
  navPersons: 'Personas',
  bornYear: 'nacido/a en {year}',
};

export const en: Record<keyof typeof es, string> = {
  minorAlertTitle: 'Attention: a minor without their mother, father or guardian',
  minorAlert_unaccompanied_minor:
    'Member {n} ({name}{age}): unaccompanied minor, with no adult in the group. Tell the coordination today.',
  minorAlert_separated_child:
    'Member {n} ({name}{age}): separated child, with no mother, father or guardian in the group. Tell the coordination today.',
  minorAge: ', {years} years old',
  minorAgeEstimated: ', {years} years old or younger',
  memberUnnamed: 'no name yet',
  notSamePerson: 'Not the same person',
  notSamePersonLabel: 'Not the same person: {name}',
  openStayHere:
    'Member {n} is still registered at {shelter} ({case}). You work in that shelter: you may close that stay as a transfer and register them here.',
  openStayElsewhere:
    'Member {n} is still registered at shelter {shelter}. That shelter must check them out or hand them over to this one; then you can register them here.',
  openStayTransfer: 'Transfer and register here',
  openStayCancel: 'Cancel',
  openStayCancelled: 'The group was not registered. The form still holds what you entered.',
  unlockTitle: 'Confirm your password to keep registrations on this device',
  unlockIntro:
    'Offline, registrations are kept encrypted with your password. After the page is reloaded it must be typed again.',
  unlock: 'Confirm',
  unlockWrong: 'The password does not match the one of your last login on this device.',
  pendingLocked: '{n} encrypted registrations wait on this device. Confirm your password to send them.',
  minorBadge: 'Minor',
  minorBadgeAge: 'Minor · {years} years old',
  checkOutGroup: 'Check out the whole group ({n})',
  checkOutGroupLabel: 'Check out the whole group of {name} ({n} people)',
  checkOutGroupTitle: 'Group check-out: {names}',
  checkedOutGroup: 'Departure recorded: {n} people.',
  confirmMinorCheckout: '{names}: a minor. Confirm they leave the shelter, and with whom? Write it in the note.',
  confirmCheckout: 'Yes, record the departure',
  searchEveryoneTitle: 'Find people',
  searchEveryone: 'Name',
  searchEveryoneHint: 'Searches everyone you may see, present or not.',
  noPersonsFound: 'Nobody with that name was found.',
  navPersons: 'People',
  bornYear: 'born {year}',
};

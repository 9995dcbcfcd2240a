import { DomainError } from '@albergue/platform';

export class InvalidCredentials extends DomainError {
  constructor() {
    super('unauthenticated', 'invalid_credentials', {
      es: 'El correo o la contraseña no son correctos, o la cuenta está bloqueada temporalmente.',
      en: 'The email or password is wrong, or the account is temporarily locked.',
    });
  }
}

export class NotAuthenticated extends DomainError {
  constructor() {
    super('unauthenticated', 'not_authenticated', {
      es: 'Inicie sesión: falta el token de acceso, no es válido o ha caducado.',
      en: 'Log in: the access token is missing, invalid or expired.',
    });
  }
}

export class InvalidRefreshToken extends DomainError {
  constructor() {
    super('unauthenticated', 'invalid_refresh_token', {
      es: 'El token de renovación no es válido; inicie sesión de nuevo.',
      en: 'The refresh token is not valid; log in again.',
    });
  }
}

export class RoleNotAllowed extends DomainError {
  constructor() {
    super('forbidden', 'role_not_allowed', {
      es: 'Su rol no permite esta acción.',
      en: 'Your role does not allow this action.',
    });
  }
}

export class WeakPassword extends DomainError {
  constructor(rule: 'too_short' | 'too_common' | 'contains_identity', field = 'password') {
    const messages = {
      too_short: ['debe tener al menos 12 caracteres', 'must be at least 12 characters long'],
      too_common: ['es una contraseña demasiado común', 'is a too common password'],
      contains_identity: ['no puede contener el correo ni el nombre', 'must not contain the email or the name'],
    }[rule];
    super('invalid', `password_${rule}`, { es: `La contraseña ${messages[0]}.`, en: `The password ${messages[1]}.` }, [
      { field, message: messages[1] },
    ]);
  }
}

export class EmailTaken extends DomainError {
  constructor() {
    super(
      'conflict',
      'email_taken',
      { es: 'Ya existe un usuario con ese correo.', en: 'A user with that email already exists.' },
      [{ field: 'email', message: 'is already used by another user' }],
    );
  }
}

export class RoleScopeMismatch extends DomainError {
  constructor(field: 'shelterIds' | 'organizationId', message: string) {
    super(
      'rule_broken',
      'role_scope_mismatch',
      { es: `El rol no concuerda con ${field}: ${message}.`, en: `The role does not match ${field}: ${message}.` },
      [{ field, message }],
    );
  }
}

/** Two-factor sign-in is on and the login gave no code, a wrong one or one already used. */
export class MfaRequired extends DomainError {
  constructor() {
    super('unauthenticated', 'mfa_required', {
      es: 'Escriba el código de su aplicación de autenticación (o un código de recuperación).',
      en: 'Enter the code from your authenticator app (or a recovery code).',
    });
  }
}

export class MfaEnrollmentRequired extends DomainError {
  constructor() {
    super('forbidden', 'mfa_enrollment_required', {
      es: 'Su rol exige la verificación en dos pasos: actívela en «Mi cuenta» antes de continuar.',
      en: 'Your role requires two-factor sign-in: turn it on under "My account" first.',
    });
  }
}

export class InvalidTotp extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'invalid_totp',
      {
        es: 'El código no es correcto, ya se usó o caducó.',
        en: 'The code is wrong, already used or expired.',
      },
      [{ field: 'totp', message: 'is not a current code of this account' }],
    );
  }
}

export class TotpStateConflict extends DomainError {
  constructor(state: 'already_enabled' | 'not_started' | 'not_enabled') {
    const text = {
      already_enabled: ['La verificación en dos pasos ya está activada.', 'Two-factor sign-in is already on.'],
      not_started: ['Primero inicie la activación (POST /me/totp).', 'Start the enrollment first (POST /me/totp).'],
      not_enabled: ['La verificación en dos pasos no está activada.', 'Two-factor sign-in is not on.'],
    }[state];
    super('conflict', `totp_${state}`, { es: text[0], en: text[1] });
  }
}

export class TotpRequiredByPolicy extends DomainError {
  constructor() {
    super('forbidden', 'totp_required_by_policy', {
      es: 'Su rol exige la verificación en dos pasos: no se puede desactivar.',
      en: 'Your role requires two-factor sign-in: it cannot be turned off.',
    });
  }
}

export class InvalidResetToken extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'invalid_reset_token',
      {
        es: 'El código de restablecimiento no es válido, ya se usó o caducó; pida otro a un administrador.',
        en: 'The reset token is not valid, already used or expired; ask an admin for a new one.',
      },
      [{ field: 'resetToken', message: 'is not a valid, unused reset token' }],
    );
  }
}

export class WrongCurrentPassword extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'wrong_current_password',
      { es: 'La contraseña actual no es correcta.', en: 'The current password is wrong.' },
      [{ field: 'currentPassword', message: 'is not the current password' }],
    );
  }
}

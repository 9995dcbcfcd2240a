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
  constructor(rule: 'too_short' | 'too_common' | 'contains_identity') {
    const messages = {
      too_short: ['debe tener al menos 12 caracteres', 'must be at least 12 characters long'],
      too_common: ['es una contraseña demasiado común', 'is a too common password'],
      contains_identity: ['no puede contener el correo ni el nombre', 'must not contain the email or the name'],
    }[rule];
    super('invalid', `password_${rule}`, { es: `La contraseña ${messages[0]}.`, en: `The password ${messages[1]}.` }, [
      { field: 'password', message: messages[1] },
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

// The door of the module: what other modules may use. Entities, repositories and internal services stay inside.
export { accessEntities, AccessModule } from './access.module';
export { canSeeShelter, shelterScopeOf } from './actor';
export type { Actor } from './actor';
export { AUDIT_ROW_COLUMNS, auditRowOf, AuditService } from './audit.service';
export type { AuditRow, AuditSubject } from './audit.service';
export { AuthService } from './auth.service';
export { TwoFactorService } from './two-factor.service';
export { CurrentActor, Public, Roles } from './authorization.decorators';
export { UsersService } from './users.service';
export * from './access.errors';
export * from './role';
export type * from './user.view';

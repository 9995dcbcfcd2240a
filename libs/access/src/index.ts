export * from './access.errors';
export * from './access.module';
export * from './actor';
export * from './audit.service';
export * from './authorization.decorators';
export * from './role';
export { UserEntity } from './user.entity';
export * from './user.view';
export * from './users.service';

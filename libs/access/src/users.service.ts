import { NotFoundError, Page, PaginationQueryDto, RequestMeta, decodeCursor, toPage } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

import { EmailTaken, RoleScopeMismatch } from './access.errors';
import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { hashPassword } from './password-hasher';
import { assertPasswordAcceptable } from './password-policy';
import { Role, SHELTER_ROLES } from './role';
import { SessionCheckCache } from './session-check.cache';
import { SessionsService } from './sessions.service';
import type { CreateUserDto, UpdateUserDto } from './user.dto';
import { UserEntity } from './user.entity';
import { toUserView, UserView } from './user.view';

const USER = { es: 'El usuario', en: 'The user' };

/**
 * A partner belongs to an organization and no shelter; shelter staff work in at least one shelter;
 * admins see every shelter and lawyers none (they reach persons only through their applications).
 */
function assertScopeFitsRole(role: Role, shelterIds: string[], organizationId: string | null): void {
  if (role === 'partner' && !organizationId) {
    throw new RoleScopeMismatch('organizationId', 'a partner user needs the organization it belongs to');
  }
  if (role !== 'partner' && organizationId) {
    throw new RoleScopeMismatch('organizationId', 'only partner users belong to an outside organization');
  }
  if (SHELTER_ROLES.includes(role) && shelterIds.length === 0) {
    throw new RoleScopeMismatch('shelterIds', `a ${role} needs at least one shelter`);
  }
  if ((role === 'partner' || role === 'admin' || role === 'lawyer') && shelterIds.length > 0) {
    throw new RoleScopeMismatch('shelterIds', `a ${role} is not scoped to shelters`);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}

/** A lawyer as coordinators pick her for an application. */
export interface LawyerView {
  id: string;
  name: string;
  email: string;
}

/** Staff accounts (admin only, but for the first admin made from the command line). */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly sessionChecks: SessionCheckCache,
  ) {}

  async create(dto: CreateUserDto, by: Actor | (RequestMeta & { userId: null; role: null })): Promise<UserView> {
    const shelterIds = [...new Set(dto.shelterIds ?? [])];
    const organizationId = dto.organizationId ?? null;
    assertScopeFitsRole(dto.role, shelterIds, organizationId);
    assertPasswordAcceptable(dto.password, dto);
    const passwordHash = await hashPassword(dto.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.save(UserEntity, {
          email: dto.email.toLowerCase(),
          name: dto.name,
          role: dto.role,
          active: dto.active ?? true,
          passwordHash,
          shelterIds,
          organizationId,
        });
        await this.audit.record(
          by,
          { action: 'create', entityType: 'user', entityId: user.id, details: { role: user.role } },
          manager,
        );
        return toUserView(user);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTaken();
      throw error;
    }
  }

  async update(id: string, dto: UpdateUserDto, actor: Actor): Promise<UserView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError(USER);
      const changed = Object.keys(dto).filter((key) => (dto as Record<string, unknown>)[key] !== undefined);
      const role = dto.role ?? user.role;
      const shelterIds = dto.shelterIds ? [...new Set(dto.shelterIds)] : user.shelterIds;
      const organizationId = dto.organizationId === undefined ? user.organizationId : dto.organizationId;
      assertScopeFitsRole(role, shelterIds, organizationId);
      const patch: Partial<UserEntity> = { role, shelterIds, organizationId };
      if (dto.name !== undefined) patch.name = dto.name;
      if (dto.active !== undefined) patch.active = dto.active;
      if (dto.password !== undefined) {
        assertPasswordAcceptable(dto.password, { email: user.email, name: dto.name ?? user.name });
        patch.passwordHash = await hashPassword(dto.password);
        patch.failedLoginCount = 0;
        patch.lockedUntil = null;
      }
      await manager.update(UserEntity, id, patch);
      if (dto.active === false) await this.sessions.revoke(manager, { userId: id }, 'user_deactivated');
      else if (dto.password !== undefined) await this.sessions.revoke(manager, { userId: id }, 'password_changed');
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'user', entityId: id, details: { changed } },
        manager,
      );
      return toUserView({ ...user, ...patch });
    });
    // Role, shelters, organization, activity or password: every instance checks the user afresh.
    await this.sessionChecks.invalidateUser(id);
    return view;
  }

  async findOne(id: string): Promise<UserView> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw new NotFoundError(USER);
    return toUserView(user);
  }

  async list(query: PaginationQueryDto): Promise<Page<UserView>> {
    const builder = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .orderBy('u.email', 'ASC')
      .limit(query.limit + 1);
    if (query.cursor) {
      const [email] = decodeCursor(query.cursor, ['email']);
      builder.where('u.email > :email', { email });
    }
    const page = toPage(await builder.getMany(), query.limit, (user) => [user.email]);
    return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
  }

  /** Active lawyers, by email: whom an application may be assigned to. */
  async listLawyers(query: PaginationQueryDto): Promise<Page<LawyerView>> {
    const builder = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where("u.role = 'lawyer' AND u.active")
      .orderBy('u.email', 'ASC')
      .limit(query.limit + 1);
    if (query.cursor) {
      const [email] = decodeCursor(query.cursor, ['email']);
      builder.andWhere('u.email > :email', { email });
    }
    const page = toPage(await builder.getMany(), query.limit, (user) => [user.email]);
    return {
      items: page.items.map((user) => ({ id: user.id, name: user.name, email: user.email })),
      nextCursor: page.nextCursor,
    };
  }

  count(manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.count(UserEntity);
  }
}

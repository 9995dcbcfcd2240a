import { Actor, AuditService } from '@albergue/access';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { CreateOrganizationDto, CreateServiceDto, ServicesQueryDto } from './directory.dto';
import { DirectoryServiceEntity } from './directory-service.entity';
import { HsdsDirectory, toHsdsDirectory } from './hsds-document';
import { LocationEntity, ServiceAtLocationEntity } from './location.entity';
import { OrganizationEntity } from './organization.entity';
import { UnknownOrganization } from './referrals.errors';

export interface ServiceView extends DirectoryServiceEntity {
  locations: LocationEntity[];
}

/** The service directory (Open Referral HSDS): organizations, their services and locations. */
@Injectable()
export class DirectoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async createOrganization(actor: Actor, dto: CreateOrganizationDto): Promise<OrganizationEntity> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await manager.save(OrganizationEntity, {
        name: dto.name,
        description: dto.description,
        email: dto.email ?? null,
        website: dto.website ?? null,
      });
      await this.audit.record(
        actor,
        { action: 'create', entityType: 'organization', entityId: organization.id },
        manager,
      );
      return organization;
    });
  }

  listOrganizations(): Promise<OrganizationEntity[]> {
    return this.dataSource.getRepository(OrganizationEntity).find({ order: { name: 'ASC', id: 'ASC' } });
  }

  /** A service and the locations where it is given, in one transaction. */
  async createService(actor: Actor, dto: CreateServiceDto): Promise<ServiceView> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await manager.findOneBy(OrganizationEntity, { id: dto.organizationId });
      if (!organization) throw new UnknownOrganization();
      const service = await manager.save(DirectoryServiceEntity, {
        organizationId: dto.organizationId,
        name: dto.name,
        status: dto.status,
        category: dto.category,
        description: dto.description ?? null,
        eligibilityDescription: dto.eligibilityDescription ?? null,
        languages: dto.languages ?? [],
      });
      const locations: LocationEntity[] = [];
      for (const location of dto.locations ?? []) {
        const saved = await manager.save(LocationEntity, {
          organizationId: dto.organizationId,
          locationType: location.locationType,
          name: location.name ?? null,
          address1: location.address1 ?? null,
          city: location.city ?? null,
          stateProvince: location.stateProvince ?? null,
          postalCode: location.postalCode ?? null,
          country: location.country ?? null,
          latitude: location.latitude ?? null,
          longitude: location.longitude ?? null,
        });
        await manager.insert(ServiceAtLocationEntity, { serviceId: service.id, locationId: saved.id });
        locations.push(saved);
      }
      await this.audit.record(actor, { action: 'create', entityType: 'service', entityId: service.id }, manager);
      return { ...service, locations };
    });
  }

  listServices(query: ServicesQueryDto): Promise<DirectoryServiceEntity[]> {
    return this.dataSource.getRepository(DirectoryServiceEntity).find({
      where: query.category ? { category: query.category } : {},
      order: { name: 'ASC', id: 'ASC' },
    });
  }

  organizationExists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(OrganizationEntity).existsBy({ id });
  }

  /** A service by id, with its organization: what a referral is checked against. */
  findService(id: string): Promise<DirectoryServiceEntity | null> {
    return this.dataSource.getRepository(DirectoryServiceEntity).findOneBy({ id });
  }

  /** The whole directory as one HSDS 3.0 document. */
  async hsdsDirectory(): Promise<HsdsDirectory> {
    const [organizations, services, locations, links] = await Promise.all([
      this.listOrganizations(),
      this.dataSource.getRepository(DirectoryServiceEntity).find({ order: { name: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(LocationEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(ServiceAtLocationEntity).find({ order: { id: 'ASC' } }),
    ]);
    return toHsdsDirectory(organizations, services, locations, links);
  }
}

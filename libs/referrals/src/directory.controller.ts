import { Actor, CurrentActor, Roles } from '@albergue/access';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CreateOrganizationDto, CreateServiceDto, ServicesQueryDto } from './directory.dto';
import { DirectoryService, ServiceView } from './directory.service';
import { DirectoryServiceEntity } from './directory-service.entity';
import { HsdsDirectory } from './hsds-document';
import { OrganizationEntity } from './organization.entity';

/** The directory holds no one's personal data: every signed-in user may read it. */
const EVERYONE = ['admin', 'coordinator', 'shelter_worker', 'lawyer', 'partner'] as const;

@ApiTags('referrals')
@ApiBearerAuth()
@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Post('organizations')
  @Roles('admin')
  @ApiOperation({ summary: 'Add an organization to the service directory (HSDS organization).' })
  createOrganization(@Body() body: CreateOrganizationDto, @CurrentActor() actor: Actor): Promise<OrganizationEntity> {
    return this.directory.createOrganization(actor, body);
  }

  @Get('organizations')
  @Roles(...EVERYONE)
  @ApiOperation({ summary: 'The organizations of the directory.' })
  async listOrganizations(): Promise<{ items: OrganizationEntity[]; nextCursor: null }> {
    return { items: await this.directory.listOrganizations(), nextCursor: null };
  }

  @Post('services')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a service of an organization, with the locations where it is given.' })
  createService(@Body() body: CreateServiceDto, @CurrentActor() actor: Actor): Promise<ServiceView> {
    return this.directory.createService(actor, body);
  }

  @Get('services')
  @Roles(...EVERYONE)
  @ApiOperation({ summary: 'The services of the directory; ?category= filters.' })
  async listServices(@Query() query: ServicesQueryDto): Promise<{ items: DirectoryServiceEntity[]; nextCursor: null }> {
    return { items: await this.directory.listServices(query), nextCursor: null };
  }

  @Get('services/hsds')
  @Roles(...EVERYONE)
  @ApiOperation({ summary: 'The whole directory as Open Referral HSDS 3.0 JSON (organizations, services, locations).' })
  hsds(): Promise<HsdsDirectory> {
    return this.directory.hsdsDirectory();
  }
}

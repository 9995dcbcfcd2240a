import { Page, PaginationQueryDto } from '@albergue/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from './authorization.decorators';
import { LawyerView, UsersService } from './users.service';

/**
 * The active lawyers an application may be assigned to, by name and email only: a coordinator
 * opening an application for a lawyer picks her from this list instead of typing an id.
 */
@ApiTags('access')
@ApiBearerAuth()
@Controller('lawyers')
export class LawyersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Active lawyers {id, name, email}, by email, a page at a time.' })
  list(@Query() query: PaginationQueryDto): Promise<Page<LawyerView>> {
    return this.users.listLawyers(query);
  }
}

import { Actor, CurrentActor, Roles } from '@albergue/access';
import { Page, PaginationQueryDto } from '@albergue/platform';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ASYLUM_ROLES } from './asylum.controller';
import { CreateClosureDto } from './calendar-closure.dto';
import { CalendarClosuresService, ClosureView } from './calendar-closures.service';

@ApiTags('asylum')
@ApiBearerAuth()
@Controller('calendar/closures')
export class CalendarController {
  constructor(private readonly closures: CalendarClosuresService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Enter a day COMAR published as closed; open Mexican deadlines move at once.' })
  create(@Body() body: CreateClosureDto, @CurrentActor() actor: Actor) {
    return this.closures.create(actor, body);
  }

  @Get()
  @Roles(...ASYLUM_ROLES)
  @ApiOperation({ summary: 'The closure days entered, oldest first.' })
  list(@Query() query: PaginationQueryDto): Promise<Page<ClosureView>> {
    return this.closures.list(query);
  }
}

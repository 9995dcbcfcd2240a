import { Page, PaginationQueryDto, UuidPipe } from '@albergue/platform';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from './actor';
import { CurrentActor, Roles } from './authorization.decorators';
import { CreateUserDto, UpdateUserDto } from './user.dto';
import { UserView } from './user.view';
import { UsersService } from './users.service';

@ApiTags('access')
@ApiBearerAuth()
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a staff or partner account.' })
  create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor): Promise<UserView> {
    return this.users.create(body, actor);
  }

  @Get()
  @ApiOperation({ summary: 'All accounts, by email.' })
  list(@Query() query: PaginationQueryDto): Promise<Page<UserView>> {
    return this.users.list(query);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an account; `active: false` ends its access at once.' })
  update(
    @Param('id', new UuidPipe()) id: string,
    @Body() body: UpdateUserDto,
    @CurrentActor() actor: Actor,
  ): Promise<UserView> {
    return this.users.update(id, body, actor);
  }
}

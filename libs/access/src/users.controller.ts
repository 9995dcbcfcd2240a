import { NoBodyPipe, Page, PaginationQueryDto, UuidPipe } from '@albergue/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from './actor';
import { CurrentActor, Roles } from './authorization.decorators';
import { PasswordsService } from './passwords.service';
import { TwoFactorService } from './two-factor.service';
import { CreateUserDto, UpdateUserDto } from './user.dto';
import { UserView } from './user.view';
import { UsersService } from './users.service';

@ApiTags('access')
@ApiBearerAuth()
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordsService,
    private readonly twoFactor: TwoFactorService,
  ) {}

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

  @Post(':id/password-reset')
  @ApiOperation({ summary: 'A one-time password-reset token for the user (24 h), shown once; hand it over in person.' })
  resetPassword(
    @Param('id', new UuidPipe()) id: string,
    @Body(NoBodyPipe) _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<{ resetToken: string; expiresAt: Date }> {
    return this.passwords.issueResetToken(id, actor);
  }

  @Delete(':id/totp')
  @HttpCode(204)
  @ApiOperation({ summary: "Turn a user's two-factor off (a lost phone): their logins end, they enroll again." })
  async resetTotp(
    @Param('id', new UuidPipe()) id: string,
    @Body(NoBodyPipe) _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.twoFactor.resetByAdmin(id, actor);
  }
}

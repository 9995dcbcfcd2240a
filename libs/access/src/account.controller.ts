import { NoBodyPipe, Page, PaginationQueryDto, UuidPipe } from '@albergue/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ChangePasswordDto, TotpCodeDto } from './account.dto';
import type { Actor } from './actor';
import { CurrentActor, Roles } from './authorization.decorators';
import { PasswordsService } from './passwords.service';
import { ROLES } from './role';
import { SessionsService, SessionView } from './sessions.service';
import { TwoFactorService } from './two-factor.service';

/** The caller's own account: password, logins and two-factor sign-in (reachable before enrolling). */
@ApiTags('access')
@ApiBearerAuth()
@Controller('me')
@Roles(...ROLES)
export class AccountController {
  constructor(
    private readonly passwords: PasswordsService,
    private readonly sessions: SessionsService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change my password; my other logins end.' })
  async changePassword(@Body() body: ChangePasswordDto, @CurrentActor() actor: Actor): Promise<void> {
    await this.passwords.changeOwn(actor, body.currentPassword, body.newPassword);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'My open logins, newest first: created, last used, client.' })
  listSessions(@Query() query: PaginationQueryDto, @CurrentActor() actor: Actor): Promise<Page<SessionView>> {
    return this.sessions.listOwn(actor, query);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of my logins (404 for any other).' })
  async endSession(
    @Param('id', new UuidPipe()) id: string,
    @Body(NoBodyPipe) _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.sessions.endOwn(actor, id);
  }

  @Post('totp')
  @ApiOperation({ summary: 'Start two-factor enrollment: a new secret and its otpauth:// URL, on once confirmed.' })
  startTotp(
    @Body(NoBodyPipe) _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<{ secret: string; otpauthUrl: string }> {
    return this.twoFactor.startEnrollment(actor);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Turn two-factor on with a current code; answers ten one-time recovery codes, shown once.' })
  confirmTotp(@Body() body: TotpCodeDto, @CurrentActor() actor: Actor): Promise<{ recoveryCodes: string[] }> {
    return this.twoFactor.confirmEnrollment(actor, body.totp);
  }

  @Delete('totp')
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn two-factor off with a current code, unless my role requires it (403).' })
  async disableTotp(@Body() body: TotpCodeDto, @CurrentActor() actor: Actor): Promise<void> {
    await this.twoFactor.disable(actor, body.totp);
  }
}

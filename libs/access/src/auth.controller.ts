import { ReqMeta, RequestMeta } from '@albergue/platform';
import { Body, Controller, Get, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';

import { PasswordResetDto } from './account.dto';
import type { Actor } from './actor';
import { AuthService, TokenPair } from './auth.service';
import { CurrentActor, Public, Roles } from './authorization.decorators';
import { ROLES } from './role';
import { PasswordsService } from './passwords.service';
import { TwoFactorService } from './two-factor.service';
import { LoginDto, RefreshTokenDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('access')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly passwords: PasswordsService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Post('auth/login')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Log in; the same 401 for an unknown email, a wrong password or a locked account. With two-factor on, ' +
      'a missing, wrong or reused `totp` is 401 `mfa_required`.',
  })
  login(
    @Body() body: LoginDto,
    @ReqMeta() meta: RequestMeta,
    @Headers('user-agent') userAgent: string | undefined,
  ): Promise<TokenPair> {
    return this.auth.login({ ...body, userAgent }, meta);
  }

  @Post('auth/password-reset')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the one-time token an admin gave; every login of the user ends.' })
  async resetPassword(@Body() body: PasswordResetDto, @ReqMeta() meta: RequestMeta): Promise<void> {
    await this.passwords.resetWithToken(body.resetToken, body.newPassword, meta);
  }

  @Post('auth/refresh')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Swap a refresh token (it works once) for new tokens; a reused one ends the login.' })
  refresh(@Body() body: RefreshTokenDto, @ReqMeta() meta: RequestMeta): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken, meta);
  }

  @Post('auth/logout')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the login this refresh token belongs to.' })
  async logout(@Body() body: RefreshTokenDto, @CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor, body.refreshToken);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The logged-in user; `twoFactor.enrollmentRequired` while their role needs two-factor and it is off.',
  })
  async me(@CurrentActor() actor: Actor) {
    const { id, email, name, role, shelterIds, organizationId, twoFactorEnabled } = await this.users.findOne(
      actor.userId,
    );
    const twoFactor = {
      enabled: twoFactorEnabled,
      required: this.twoFactor.isRequiredFor(role),
      enrollmentRequired: !twoFactorEnabled && this.twoFactor.isRequiredFor(role),
    };
    return { id, email, name, role, shelterIds, organizationId, twoFactor };
  }
}

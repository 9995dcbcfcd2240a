import { ReqMeta, RequestMeta } from '@albergue/platform';
import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';

import type { Actor } from './actor';
import { AuthService, TokenPair } from './auth.service';
import { CurrentActor, Public, Roles } from './authorization.decorators';
import { ROLES } from './role';
import { LoginDto, RefreshTokenDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('access')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('auth/login')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; the same 401 for an unknown email, a wrong password or a locked account.' })
  login(@Body() body: LoginDto, @ReqMeta() meta: RequestMeta): Promise<TokenPair> {
    return this.auth.login(body.email, body.password, meta);
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
  @ApiOperation({ summary: 'The logged-in user.' })
  async me(@CurrentActor() actor: Actor) {
    const { id, email, name, role, shelterIds, organizationId } = await this.users.findOne(actor.userId);
    return { id, email, name, role, shelterIds, organizationId };
  }
}

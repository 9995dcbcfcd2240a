import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

import { PUBLIC_KEY, ROLES_KEY } from './authorization.decorators';

/** Refuses to start an API in which some route declares neither its roles nor @Public(). */
@Injectable()
export class RouteAuthorizationCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!controller) continue;
      for (const name of this.scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler as () => void, controller];
        const declared =
          this.reflector.getAllAndOverride(PUBLIC_KEY, targets) ||
          this.reflector.getAllAndOverride(ROLES_KEY, targets) !== undefined;
        if (!declared) undeclared.push(`${controller.name}.${name}`);
      }
    }
    if (undeclared.length > 0) {
      throw new Error(`routes without @Roles() or @Public(): ${undeclared.join(', ')}`);
    }
  }
}

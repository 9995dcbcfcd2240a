import { AccessModule } from '@albergue/access';
import { AsylumModule } from '@albergue/asylum';
import { IntakeModule } from '@albergue/intake';
import { AppConfig, PlatformModule } from '@albergue/platform';
import { DynamicModule, Module, Type } from '@nestjs/common';

import { HealthController } from './health/health.controller';
import { ReadinessService } from './health/readiness.service';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraModules: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(config), AccessModule, IntakeModule, AsylumModule, ...extraModules],
      controllers: [HealthController],
      providers: [ReadinessService],
    };
  }
}

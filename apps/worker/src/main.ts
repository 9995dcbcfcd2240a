import { migrations } from '@albergue/migrations';
import { loadConfigOrExit, missingNodeFlags, prepareDatabase } from '@albergue/platform';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  process.env.ALBERGUE_PROCESS ??= 'worker';
  const config = loadConfigOrExit();
  await prepareDatabase(config, migrations, (line) => process.stdout.write(`${line}\n`));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // On SIGTERM Nest closes the BullMQ workers, which let the current job finish first.
  app.enableShutdownHooks();
  await app.init();
  const missing = missingNodeFlags('worker');
  if (missing.length > 0) {
    app.get(Logger).warn(`worker started without ${missing.join(' ')}: its memory may grow well past 300 MB`);
  }
  process.stdout.write('Albergue worker started\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`Albergue worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

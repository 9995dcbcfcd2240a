import { migrations } from '@albergue/migrations';
import { loadConfigOrExit, missingNodeFlags, prepareDatabase } from '@albergue/platform';

import { API_PREFIX, createApiApp } from './create-api-app';

async function main(): Promise<void> {
  process.env.ALBERGUE_PROCESS ??= 'api';
  const config = loadConfigOrExit();
  await prepareDatabase(config, migrations, (line) => process.stdout.write(`${line}\n`));
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: process.env.HOST ?? '127.0.0.1' });
  const base = `http://${process.env.HOST ?? '127.0.0.1'}:${config.port}/${API_PREFIX}`;
  const missing = missingNodeFlags('api');
  if (missing.length > 0) {
    process.stderr.write(`API started without ${missing.join(' ')}: its memory may grow past 300 MB\n`);
  }
  process.stdout.write(`Albergue API listening on ${base}\nAPI docs: ${base}/docs\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Albergue API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

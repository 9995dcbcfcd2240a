import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

import { AccessModule, TwoFactorService, UsersService } from '@albergue/access';
import { migrations } from '@albergue/migrations';
import { DomainError, loadConfigOrExit, PlatformModule, prepareDatabase } from '@albergue/platform';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/**
 * `npm run admin:create -- --email <e> --name <n> [--password <p>]`: creates an admin account.
 * Without --password it generates one and prints it once; then it says what to do next. It runs
 * from the TypeScript sources and never touches dist/, so a running `npm start` keeps its build.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  if (!values.email || !values.name) {
    process.stderr.write('usage: npm run admin:create -- --email <email> --name "<name>" [--password <password>]\n');
    process.exit(2);
  }
  const password = values.password ?? randomBytes(18).toString('base64url');
  const config = loadConfigOrExit();
  await prepareDatabase(config, migrations, (line) => process.stdout.write(`${line}\n`));

  @Module({ imports: [PlatformModule.forRoot({ ...config, logLevel: 'warn' }), AccessModule] })
  class AdminCliModule {}

  const app = await NestFactory.createApplicationContext(AdminCliModule, { logger: ['error'] });
  try {
    const user = await app
      .get(UsersService)
      .create(
        { email: values.email, name: values.name, password, role: 'admin' },
        { userId: null, role: null, requestId: 'admin-cli', ip: null },
      );
    process.stdout.write(`Created admin ${user.email} (${user.id}).\n`);
    if (!values.password) process.stdout.write(`Password (shown once): ${password}\n`);
    const webUrl = `http://${process.env.HOST ?? '127.0.0.1'}:${config.port}/`;
    process.stdout.write(
      app.get(TwoFactorService).isRequiredFor('admin')
        ? `Next: open ${webUrl} (with npm start running), log in as ${user.email}, and turn on two-factor ` +
            'sign-in as the app asks: scan its QR code with an authenticator app (or type the secret shown), ' +
            'enter the code, and keep the recovery codes. Until then the account reaches only its own settings.\n'
        : `Next: open ${webUrl} (with npm start running) and log in as ${user.email}.\n`,
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    process.stderr.write(`Not created: ${error.detail.en}\n`);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`admin:create failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

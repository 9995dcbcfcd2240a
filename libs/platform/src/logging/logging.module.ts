import { Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** The path alone: query strings carry names searched for (`?q=`), which must never reach a log. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

/**
 * JSON logs (pino), one line per request with its id. Headers and bodies are not logged:
 * they carry tokens and the data of the people recorded.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const options = {
          level: config.logLevel,
          base: { service: process.env.ALBERGUE_PROCESS ?? 'albergue' },
          quietReqLogger: true,
          customAttributeKeys: { reqId: 'requestId' },
          serializers: {
            req: (req: IncomingMessage & { id?: string }) => ({ method: req.method, path: pathOf(req.url) }),
            res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
          },
          customSuccessMessage: (req: IncomingMessage, res: ServerResponse) =>
            `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
          customErrorMessage: (req: IncomingMessage, res: ServerResponse) =>
            `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
        };
        // Synchronous writes: a line is in the file once the request is answered, and none is lost on a crash.
        return { pinoHttp: config.logFile ? [options, destination({ dest: config.logFile, sync: true })] : options };
      },
    }),
  ],
})
export class LoggingModule {}

import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { loadIssuerKeys } from './credentials/keys.js';

/** The academy's signing key, loaded once per process: the API publishes and verifies with it, the worker signs. */
export const ISSUER_KEYS = Symbol('ISSUER_KEYS');

@Global()
@Module({
  providers: [
    {
      provide: ISSUER_KEYS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadIssuerKeys({ signingKeyJwk: config.certificates.signingKeyJwk, dataDir: config.dataDir }),
    },
  ],
  exports: [ISSUER_KEYS],
})
export class IssuerKeysModule {}

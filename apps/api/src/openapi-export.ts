// `npm run openapi`: writes the OpenAPI document without a database, Redis or a listening server (Nest's preview
// mode reads the modules' metadata and instantiates nothing), then the web app's typed client is generated from it.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '@amahoro/config/config.js';
import { AppModule } from './app.module.js';
import { openApiDocument } from './docs.js';
import { UNPREFIXED_ROUTES } from './api.js';

const target = process.argv[2];
if (!target) throw new Error('usage: openapi-export.js <output.json>');
const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(loadConfig()), new FastifyAdapter(), { preview: true, logger: false });
app.setGlobalPrefix('api/v1', { exclude: UNPREFIXED_ROUTES });
await writeFile(target, JSON.stringify(openApiDocument(app), null, 2) + '\n');
await app.close();

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { acknowledgeRequestSchema, admitEventSchema, alertHistoryQuerySchema, clinicalEventSchema, loginRequestSchema, silenceRequestSchema } from '@vigil/contracts';
import { newKeySchema, newUserSchema } from '../admin/admin.controller';
import { passwordChangeSchema } from '../auth/auth.controller';
import { thresholdsChangeSchema } from '../thresholds/thresholds.service';
import type { BuildInfo } from './build-info';

type Schema = Record<string, unknown>;
const json = (schema: z.ZodType): Schema => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Schema;

/** Request bodies and query strings, from the same zod schemas the controllers parse them with. */
const BODIES: Record<string, z.ZodType> = {
  'post /api/events': z.union([clinicalEventSchema, z.array(clinicalEventSchema)]),
  'post /api/auth/login': loginRequestSchema,
  'post /api/auth/password': passwordChangeSchema,
  'post /api/alerts/{id}/acknowledge': acknowledgeRequestSchema,
  'post /api/alerts/{id}/silence': silenceRequestSchema,
  'post /api/patients': admitEventSchema.omit({ id: true, time: true, type: true, source: true }),
  'post /api/wards/{id}/thresholds': thresholdsChangeSchema,
  'post /api/patients/{id}/thresholds': thresholdsChangeSchema,
  'post /api/admin/users': newUserSchema,
  'post /api/admin/api-keys': newKeySchema,
};
const QUERIES: Record<string, z.ZodObject> = {
  'get /api/alert-history': alertHistoryQuerySchema,
  'get /api/alert-history/export.csv': alertHistoryQuerySchema,
};
const ERROR: Schema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'stable error code, e.g. EVENT.INVALID, AUTH.REQUIRED, SERVICE.STARTING' },
    message: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
  },
};
const PUBLIC = new Set(['/health', '/ready', '/version', '/metrics', '/api/auth/login']);

/**
 * The OpenAPI 3.0 description of every HTTP route: paths and methods from the controllers
 * (@nestjs/swagger), request bodies and queries from the contracts' zod schemas, the error body, and
 * how each route authenticates. Served at /api/openapi.json and browsable at /api/docs.
 */
export function buildOpenApi(app: INestApplication, build: BuildInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Vigil')
    .setDescription('Live toxicity monitoring for high-dose IL-2 wards. Live updates: socket.io at /live (not described here). HL7 v2 over MLLP: see docs/ARCHITECTURE.md.')
    .setVersion(`${build.version} (${build.commit})`)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a session token from POST /api/auth/login' }, 'session')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'a device key (ingest only)' }, 'deviceKey')
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Error: ERROR } };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const key = `${method} ${path}`;
      const body = BODIES[key];
      if (body) op.requestBody = { required: true, content: { 'application/json': { schema: json(body) } } };
      const query = QUERIES[key];
      if (query) {
        const properties = (json(query).properties ?? {}) as Record<string, Schema>;
        op.parameters = [...(op.parameters ?? []).filter((p) => !('in' in p) || p.in !== 'query'), ...Object.entries(properties).map(([name, schema]) => ({ name, in: 'query' as const, required: false, schema }))];
      }
      op.tags = [path.split('/')[path.startsWith('/api/') ? 2 : 1] || 'service'];
      if (!PUBLIC.has(path)) op.security = path === '/api/events' && method === 'post' ? [{ deviceKey: [] }, { session: [] }] : path.startsWith('/fhir') ? [{ deviceKey: [] }] : [{ session: [] }];
      op.responses = { ...op.responses, '4XX': { description: 'refused: the body says why (code, message, per-field errors)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } };
    }
  }
  return doc;
}

/** Serves the description at /api/openapi.json and the browsable docs at /api/docs. */
export function serveOpenApi(app: INestApplication, build: BuildInfo): OpenAPIObject {
  const doc = buildOpenApi(app, build);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/openapi.json', yamlDocumentUrl: 'api/openapi.yaml', customSiteTitle: 'Vigil API' });
  return doc;
}

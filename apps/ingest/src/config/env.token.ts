/** Injection token for the validated Env (config/env.schema.ts). */
export const ENV = Symbol('ENV');

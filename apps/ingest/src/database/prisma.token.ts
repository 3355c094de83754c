/** Injection tokens for the open database. */
export const PRISMA = Symbol('PRISMA');
export const DATABASE = Symbol('DATABASE');

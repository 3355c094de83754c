// Test and benchmark harnesses shared by the apps: real processes and servers, never mocks.
export * from './lib/repo-root';
export * from './lib/free-port';
export * from './lib/service-process';
export * from './lib/throwaway-postgres';
export * from './lib/throwaway-redis';

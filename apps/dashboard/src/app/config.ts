/** '' = same origin (the ingest service serves this bundle); VITE_API_URL points a dev build elsewhere. */
export const apiBaseUrl: string = (import.meta.env.VITE_API_URL as string | undefined)?.replace(/\/$/, '') ?? '';

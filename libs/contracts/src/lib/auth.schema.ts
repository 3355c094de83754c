import { z } from 'zod';
import { dispositions, roles } from './clinical-event.schema';
import { isStorableText } from './parse-clinical-event';

const text = (max: number) => z.string().min(1).max(max).refine(isStorableText, 'must not contain NUL characters or unpaired surrogates');
export const loginRequestSchema = z.object({ username: text(200), password: text(1000) });
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: (typeof roles)[number];
  wardIds: string[];
}
export interface LoginResponse {
  token: string;
  user: SessionUser;
}

export const acknowledgeRequestSchema = z.object({
  note: z.string().max(2000).optional(),
  disposition: z.enum(dispositions).optional(),
});
export type AcknowledgeRequest = z.infer<typeof acknowledgeRequestSchema>;

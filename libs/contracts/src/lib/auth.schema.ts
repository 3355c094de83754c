import { z } from 'zod';
import { dispositions, roles } from './clinical-event.schema';

export const loginRequestSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });
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

import { ErrorCodes, type SessionUser } from '@vigil/contracts';
import { ApiError } from '../common/api-error';

/** Admins see every ward; everyone else only the wards assigned to them. */
export function canAccessWard(user: SessionUser, wardId: string | null | undefined): boolean {
  return user.role === 'admin' || (wardId != null && user.wardIds.includes(wardId));
}

export function assertWardAccess(user: SessionUser, wardId: string | null | undefined) {
  if (!canAccessWard(user, wardId)) throw new ApiError(403, ErrorCodes.WardForbidden, `you are not assigned to ward ${wardId ?? '(none)'}`);
}

import type { Role } from './role';
import type { UserEntity } from './user.entity';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  shelterIds: string[];
  organizationId: string | null;
  active: boolean;
  /** Two-factor sign-in (TOTP) is on. */
  twoFactorEnabled: boolean;
}

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    shelterIds: user.shelterIds,
    organizationId: user.organizationId,
    active: user.active,
    twoFactorEnabled: user.totpEnabledAt != null,
  };
}

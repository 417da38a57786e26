import { CLASS_REASONS, type DroppedClass, type RefusedClass } from './openvpn-reasons';

/** The four verdicts the policy gives a directive, and small constructors for the policy table. */
export interface AllowedRule {
  kind: 'allowed';
  min: number;
  max: number;
  /** OpenVPN accepts it inside `<connection>` blocks. */
  inConnection: boolean;
  /** Kept, but worth telling the user about. */
  advice?: { code: string; reason: string };
}

export interface SpecialRule {
  kind: 'special';
  inConnection: boolean;
}

export interface RefusedRule {
  kind: 'refused';
  class: RefusedClass;
  reason: string;
}

export interface DroppedRule {
  kind: 'dropped';
  class: DroppedClass;
  reason: string;
}

export type DirectiveRule = AllowedRule | SpecialRule | RefusedRule | DroppedRule;

export const allowed = (
  min: number,
  max: number,
  inConnection = false,
  advice?: AllowedRule['advice'],
): AllowedRule => ({
  kind: 'allowed',
  min,
  max,
  inConnection,
  ...(advice ? { advice } : {}),
});
export const special = (inConnection = false): SpecialRule => ({ kind: 'special', inConnection });
export const refused = (cls: RefusedClass, reason = CLASS_REASONS[cls]): RefusedRule => ({
  kind: 'refused',
  class: cls,
  reason,
});
export const dropped = (cls: DroppedClass, reason = CLASS_REASONS[cls]): DroppedRule => ({
  kind: 'dropped',
  class: cls,
  reason,
});

export { buildLinuxClearScript, buildLinuxRuleset, NFT_TABLE_REF } from './linux-nft';
export { buildPfAnchor, PF_ANCHOR } from './macos-pf';
export { buildWfpFilterPlan, type WfpFilter, type WfpFilterPlan } from './windows-wfp';
export { KillSwitch, type KillSwitchOptions, type KillSwitchPort } from './kill-switch';
export { detectLeftoverKillSwitch, type LeftoverKillSwitch } from './leftover';
export {
  DEFAULT_LAN_RANGES,
  killSwitchPolicySchema,
  KillSwitchPolicyError,
  type KillSwitchEndpoint,
  type KillSwitchPolicy,
} from './policy';
export { killSwitchSettingsSchema, type KillSwitchSettings } from './settings';
export { policyForStep, type ConnectionStep } from './policy-for-step';

/** Failover: servers and transports, planning, racing, per-network memory, stability and notifications. */
export { FailoverEngine } from './engine';
export type { WaitOutcome } from './retry-schedule';
export type {
  FailoverEngineDeps,
  FailoverStep,
  LandedOptions,
  LostInput,
  ReturnStep,
  RoundResult,
  ServerState,
  TransportState,
} from './engine-types';
export type { AttemptRecord, IncidentRecord, RoundVerdict } from './incidents';
export { FailoverMemory } from './memory';
export { DEFAULT_MEMORY_POLICY, type MemoryPolicy } from './memory-policy';
export type { MemoryData } from './memory-records';
export { InMemoryMemoryStore, JsonFileMemoryStore, loadMemory, parseMemoryData, type MemoryStore } from './memory-file';
export { failoverMessage, type DetectionKind, type FailoverMessage, type FailoverMessageCode } from './messages';
export { NotificationPolicy, type FailoverNotification, type NotificationKind } from './notifications';
export { diversify, planCandidates, type Plan, type PlanInput } from './planner';
export { DEFAULT_PROTOCOL_ORDER } from './protocol-order';
export { AttemptCancelled, AttemptTimedOut, RaceLostError, raceCandidates, type RaceLoss, type RaceWin } from './race';
export {
  SENSITIVITIES,
  allSensitivityPresets,
  sensitivityPreset,
  type Sensitivity,
  type SensitivityPreset,
} from './sensitivity';
export { ServerCatalog, normalizeHost, type CatalogProfile, type ServerInfo, type ServerOverrides } from './servers';
export { defaultFailoverSettings, failoverSettingsSchema, type FailoverSettings } from './settings';
export { SwitchGovernor, backoffDelay, backoffCeiling, DEFAULT_BACKOFF } from './stability';
export { candidateKey, pairKey, transportLabel, type Candidate, type CandidateView, type Transport } from './types';
export { classifyFailure, judgeFailedRound, type FailureClass } from './verdicts';

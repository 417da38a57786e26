export { HelperClient, type HelperClientOptions } from './helper-client';
export {
  helperLaunchPlan,
  launchHelper,
  startHelper,
  type Elevation,
  type LaunchedHelper,
  type LaunchPlan,
} from './helper-launcher';
export { HelperKillSwitch, HelperTunnelDriver } from './remote-ports';
export {
  HELPER_PROTOCOL_VERSION,
  MAX_MESSAGE_BYTES,
  parseRequest,
  type HelloResult,
  type HelperRequest,
  type KillSwitchStatus,
  type OrphanHelper,
  type RequestKind,
} from './protocol';
export { DEFAULT_HELPER_DIR } from './socket-dir';

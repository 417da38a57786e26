import { version } from '../../package.json';

/**
 * The product version, read from package.json when the code is built (the bundler inlines the one field),
 * so the app, the CLI and the privileged helper always say the same version and none is typed twice.
 */
export const HOLDFAST_VERSION: string = version;

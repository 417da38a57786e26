/**
 * A server entry in the tray menu, as plain data. Its own module so the imports run one way:
 * tray-servers-model.ts makes these items and plugs them into tray-model.ts as a section (it imports the
 * model), and tray-model.ts only needs their shape to draw them.
 */

/** What a server item does when clicked: connect to that profile (switching if connected). */
export interface TrayServerTarget {
  profileId: string;
}

export type TrayServerItem =
  { kind: 'heading'; label: string } | { kind: 'server'; label: string; enabled: boolean; target: TrayServerTarget };

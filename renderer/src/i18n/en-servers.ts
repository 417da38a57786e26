import type { Messages } from './messages';

/** English: the server list (grouping, names, the preferred server). */
export const enServers: Messages = {
  servers: {
    title: 'Servers',
    count_one: '{{count}} server',
    count_other: '{{count}} servers',
    intro:
      'Profiles that reach the same server are grouped, with every way to reach it. Star the server you prefer: Holdfast tries it first and goes back to it once it works again.',
    preferred: 'Preferred',
    preferToggle: 'Prefer {{name}}',
    prefer: 'Make {{name}} your preferred server',
    unprefer: '{{name}} is your preferred server. Press to have none.',
    showAll: 'Show all {{count}} servers',
    preferredMissing: 'Your preferred server no longer exists, so none is preferred. Star a server to choose again.',
    rename: 'Rename',
    renameLabel: 'Rename {{name}}',
    nameLabel: 'New name for {{name}}',
    nameHint: 'Enter saves, Escape cancels. Leave it empty for the automatic name, {{automatic}}.',
    save: 'Save',
    cancel: 'Cancel',
    automaticName: 'Named by you; automatic name: {{name}}',
    countryUnknown: 'Country unknown',
    transports: 'Ways to connect',
    transport: {
      wireguard: 'WireGuard',
      wireguardPort: 'WireGuard {{port}}',
      openvpn: 'OpenVPN {{proto}} {{port}}',
    },
    resting: '{{transport}}, resting until {{time}}',
    state: {
      blocked: 'Blocked on this network until {{time}}',
      cooling: 'Did not answer on this network; tried again after {{time}}',
      worked: 'Last worked on this network {{time}}',
    },
    profiles: 'Profiles on {{name}}',
    movedByYou: 'moved here by you',
    move: 'Move…',
    moveLabel: 'Move {{name}} to another server',
    moveTo: 'Move {{name}} to',
    moveSubmit: 'Move',
    ownServer: 'A server of its own',
    automatic: 'Where its address puts it (automatic)',
  },
};

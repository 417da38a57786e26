import type { Messages } from './messages';

/** English: disguises in the server list (attached to a server, or not). */
export const enDisguises: Messages = {
  disguises: {
    kind: { shadowsocks: 'Shadowsocks', tls: 'TLS', obfs4: 'obfs4' },
    onServer: 'Disguises for {{name}}',
    attachedByYou: 'attached by you',
    detach: 'Detach',
    detachLabel: 'Detach {{name}} from this server',
    remove: 'Remove',
    removeLabel: 'Remove {{name}}',
    unattachedTitle: 'Unattached disguises',
    unattachedIntro:
      'No imported server has the address of these disguises. Attach each one to the server it belongs to, or import that server’s profile.',
    detachedByYou: 'detached by you',
    serverGone: 'its server was removed',
    attach: 'Attach to server…',
    attachLabel: 'Attach {{name}} to a server',
    attachTo: 'Attach {{name}} to',
    attachSubmit: 'Attach',
    cancel: 'Cancel',
    noServers: 'Import a profile first: a disguise is attached to a server.',
  },
};

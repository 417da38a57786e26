import type { Messages } from './messages';

/** English: a connection that runs inside a disguise (the strength panel's line, the connection card's reason). */
export const enRoute: Messages = {
  route: {
    hidden: {
      shadowsocks: 'Hidden inside Shadowsocks ({{detail}})',
      tls: 'Hidden inside TLS (server name {{detail}})',
      obfs4: 'Hidden inside obfs4 ({{detail}})',
      other: 'Hidden inside {{kind}} ({{detail}})',
      bare: 'Hidden inside {{kind}}',
    },
    hiddenNote: 'The disguise hides that this is a VPN; it does not make the encryption stronger.',
    why: {
      blocked: 'This network blocks VPN protocols; connected through a disguised route ({{kind}}).',
      remembered: 'This network needed a disguise before; connected through a disguised route ({{kind}}).',
      always: 'Connected through a disguised route ({{kind}}), as set in Settings.',
      other: 'Connected through a disguised route ({{kind}}).',
    },
  },
};

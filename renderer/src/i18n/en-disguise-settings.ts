import type { Messages } from './messages';

/** English: the Disguise section of Settings (when to use a disguise, and which ones in which order). */
export const enDisguiseSettings: Messages = {
  disguiseSettings: {
    title: 'Disguise',
    intro:
      'Some networks recognise VPN protocols and block them; a disguise makes the tunnel look like other traffic. Disguises are imported like profiles and listed under their server in Servers.',
    mode: 'When to use a disguise',
    modes: { automatic: 'Automatic', always: 'Always', never: 'Never' },
    modeHint: {
      automatic:
        'Plain routes first; if this network blocks VPN protocols, Holdfast switches to a disguised route and remembers it for this network.',
      always: 'Only disguised routes; servers without a disguise are not used.',
      never: 'Disguises are kept but never used.',
    },
    order: 'Disguise order',
    orderHint: 'Tried from top to bottom. Unticked ones are never used.',
    moveUp: 'Move {{name}} up',
    moveDown: 'Move {{name}} down',
    noneTicked: {
      automatic: 'No disguise is ticked, so Holdfast uses plain routes only.',
      always: 'No disguise is ticked, so no server can be used. Tick one, or choose Automatic.',
    },
  },
};

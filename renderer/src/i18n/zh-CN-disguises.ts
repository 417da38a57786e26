import type { Messages } from './messages';

/** 简体中文：服务器列表中的伪装（已关联到服务器或未关联）。 */
export const zhCNDisguises: Messages = {
  disguises: {
    kind: { shadowsocks: 'Shadowsocks', tls: 'TLS', obfs4: 'obfs4' },
    onServer: '{{name}} 的伪装',
    attachedByYou: '由你关联',
    detach: '取消关联',
    detachLabel: '取消 {{name}} 与此服务器的关联',
    remove: '删除',
    removeLabel: '删除 {{name}}',
    unattachedTitle: '未关联的伪装',
    unattachedIntro:
      '已导入的服务器中没有与这些伪装地址相同的。请把每个伪装关联到它所属的服务器，或导入该服务器的配置文件。',
    detachedByYou: '已由你取消关联',
    serverGone: '它的服务器已被删除',
    attach: '关联到服务器…',
    attachLabel: '将 {{name}} 关联到服务器',
    attachTo: '将 {{name}} 关联到',
    attachSubmit: '关联',
    cancel: '取消',
    noServers: '请先导入配置文件：伪装需要关联到服务器。',
  },
};

import type { Messages } from './messages';

/** 简体中文：服务器列表（分组、名称、首选服务器）。 */
export const zhCNServers: Messages = {
  servers: {
    title: '服务器',
    count_other: '{{count}} 台服务器',
    intro:
      '连接到同一台服务器的配置文件会归为一组，并列出连接它的所有方式。为首选服务器加上星标：Holdfast 会先尝试它，并在它恢复后切换回去。',
    preferred: '首选',
    preferToggle: '首选 {{name}}',
    prefer: '将 {{name}} 设为首选服务器',
    unprefer: '{{name}} 是你的首选服务器。按下可取消首选。',
    showAll: '显示全部 {{count}} 台服务器',
    preferredMissing: '你的首选服务器已不存在，因此当前没有首选服务器。为一台服务器加上星标即可重新选择。',
    rename: '重命名',
    renameLabel: '重命名 {{name}}',
    nameLabel: '{{name}} 的新名称',
    nameHint: '按 Enter 保存，按 Esc 取消。留空则使用自动名称：{{automatic}}。',
    save: '保存',
    cancel: '取消',
    automaticName: '由你命名；自动名称：{{name}}',
    countryUnknown: '国家或地区未知',
    transports: '连接方式',
    transport: {
      wireguard: 'WireGuard',
      wireguardPort: 'WireGuard {{port}}',
      openvpn: 'OpenVPN {{proto}} {{port}}',
    },
    resting: '{{transport}}，暂停使用至 {{time}}',
    state: {
      blocked: '在此网络上被阻断，直到 {{time}}',
      cooling: '在此网络上没有响应；{{time}} 后再试',
      worked: '在此网络上最近一次可用：{{time}}',
    },
    profiles: '{{name}} 中的配置文件',
    movedByYou: '由你移入',
    move: '移动…',
    moveLabel: '将 {{name}} 移到其他服务器',
    moveTo: '将 {{name}} 移到',
    moveSubmit: '移动',
    ownServer: '单独成为一台服务器',
    automatic: '按其地址自动归组',
  },
};

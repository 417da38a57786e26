import type { Messages } from './messages';

/** 简体中文：设置中的“伪装”部分（何时使用伪装，以及使用哪些、按什么顺序）。 */
export const zhCNDisguiseSettings: Messages = {
  disguiseSettings: {
    title: '伪装',
    intro:
      '有些网络能识别并封锁 VPN 协议；伪装让隧道看起来像其他流量。伪装的导入方式与配置文件相同，并在“服务器”中列在所属服务器下。',
    mode: '何时使用伪装',
    modes: { automatic: '自动', always: '始终', never: '从不' },
    modeHint: {
      automatic: '先用普通线路；如果此网络封锁 VPN 协议，Holdfast 会改用伪装线路，并为此网络记住这一点。',
      always: '只用伪装线路；没有伪装的服务器不会使用。',
      never: '伪装会保留，但从不使用。',
    },
    order: '伪装顺序',
    orderHint: '从上到下依次尝试。未勾选的永远不会使用。',
    moveUp: '将 {{name}} 上移',
    moveDown: '将 {{name}} 下移',
    noneTicked: {
      automatic: '没有勾选任何伪装，因此 Holdfast 只使用普通线路。',
      always: '没有勾选任何伪装，因此没有可用的服务器。请勾选一个，或选择“自动”。',
    },
  },
};

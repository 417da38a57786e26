import type { Messages } from './messages';

/** 简体中文：在伪装中运行的连接（加密面板中的一行、连接卡片上的原因）。 */
export const zhCNRoute: Messages = {
  route: {
    hidden: {
      shadowsocks: '隐藏在 Shadowsocks 中（{{detail}}）',
      tls: '隐藏在 TLS 中（服务器名称 {{detail}}）',
      obfs4: '隐藏在 obfs4 中（{{detail}}）',
      other: '隐藏在 {{kind}} 中（{{detail}}）',
      bare: '隐藏在 {{kind}} 中',
    },
    hiddenNote: '伪装能隐藏这是 VPN 连接，但不会让加密更强。',
    why: {
      blocked: '此网络屏蔽 VPN 协议；已通过伪装线路（{{kind}}）连接。',
      remembered: '此网络之前需要伪装；已通过伪装线路（{{kind}}）连接。',
      always: '已按设置通过伪装线路（{{kind}}）连接。',
      other: '已通过伪装线路（{{kind}}）连接。',
    },
  },
};

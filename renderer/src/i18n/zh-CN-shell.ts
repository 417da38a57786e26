import type { Messages } from './messages';

/** Simplified Chinese: the desktop shell outside the window (tray, system dialogs) and the About panel. */
export const zhCNShell: Messages = {
  shell: {
    tray: {
      tooltip: 'Holdfast：{{status}}',
      status: {
        disconnected: '未连接',
        connecting: '正在连接…',
        connectingTo: '正在连接到 {{name}}…',
        connected: '已连接',
        connectedTo: '已连接到 {{name}}',
        reconnecting: '正在重新连接…',
        reconnectingTo: '正在重新连接到 {{name}}…',
        'failing-over': '正在切换到其他服务器…',
        failed: '无法连接',
        failedTo: '无法连接到 {{name}}',
        unreachable: '没有可以连接的服务器。Holdfast 会继续尝试',
        unreachableBlocked: '没有可以连接的服务器。Holdfast 会继续尝试；网络流量保持阻断',
        leftoverBlock: '{{status}}。上一次会话仍在阻断网络',
        failedBlocked: '{{status}}。在你断开连接之前，网络流量保持阻断',
        waitingBlocked: '{{status}}（期间网络流量被阻断）',
      },
      connect: '连接',
      connectTo: '连接到 {{name}}',
      importProfile: '导入配置文件…',
      cancel: '取消',
      disconnect: '断开连接',
      tryAgain: '重试',
      recoverNetwork: '恢复网络…',
      show: '显示 Holdfast',
      quit: '退出 Holdfast',
    },
    dialogs: {
      ok: '确定',
      cancel: '取消',
      startFailed: 'Holdfast 无法启动',
      importFiles: '导入 VPN 配置文件',
      importFolder: '导入一个包含 VPN 配置文件的文件夹',
      importFilter: 'VPN 配置文件（.conf、.ovpn、.zip）',
      allFiles: '所有文件',
      recover: {
        title: '恢复网络',
        question: '解除网络阻断？',
        leftover: '上一次 Holdfast 会话的断网保护仍在阻断所有流量。',
        warning: '解除阻断后，在你再次连接之前，流量将不经过 VPN 直接发出。若要保持保护，请改为连接。',
        unblock: '解除网络阻断',
        stillBlocked: '网络仍被阻断。',
        couldNotRemove: 'Holdfast 无法移除上一次会话的规则。请连接以保持保护。',
      },
      noTray: {
        title: 'Holdfast 仍在运行',
        message: 'Holdfast 已最小化到任务栏，并保持连接。',
        detail:
          '此桌面不显示托盘图标，因此关闭窗口会将其最小化。要退出 Holdfast，请在它最小化时从任务栏或程序坞再次关闭它。',
      },
    },
    about: {
      title: '关于 Holdfast',
      version: '版本 {{version}}',
      platforms: '各系统的支持情况',
      linux: 'Linux',
      linuxStatus: '已支持。请安装 .deb 或 .rpm 软件包：它会带来网络助手、OpenVPN、WireGuard 工具和断网保护。',
      appImage: 'Linux AppImage',
      appImageStatus: '可以打开、导入配置文件并保存设置，但无法自行连接。要连接，请安装 .deb 或 .rpm 软件包。',
      macos: 'macOS',
      windows: 'Windows',
      previewStatus: '预览版。Holdfast 可以打开并导入配置文件，但尚不能连接：系统服务和经过测试的断网保护尚未完成。',
      thisSystem: '当前系统',
    },
    platform: {
      previewTitle: '此系统暂不支持连接',
      previewBody:
        '这是 {{platform}} 的预览版。你可以导入和整理配置文件；连接需要系统服务和经过测试的断网保护，而此版本尚不具备。',
      appImageTitle: '安装软件包以连接',
      appImageBody:
        'AppImage 无法启动 Holdfast 的网络助手。请安装相同版本的 .deb（Debian、Ubuntu）或 .rpm（Fedora）软件包：它会带来网络助手、OpenVPN、WireGuard 工具和断网保护。',
    },
    window: {
      startMinimized: '启动时最小化到托盘',
      startMinimizedHint: 'Holdfast 启动时在托盘中等待，而不是打开此窗口。',
      startMinimizedNoTray: '此桌面不显示托盘图标，因此 Holdfast 总是打开其窗口。',
    },
  },
};

/* global window, location */
/**
 * Served by the browser harness before the app's module script: defines window.holdfast with the same
 * contract the preload exposes, carried over a loopback WebSocket to the harness's dispatcher.
 * Messages: {id, command, params} -> {id, envelope}; events arrive as {event, payload}.
 */
(() => {
  const url = `ws://${location.host}/__holdfast/ws`;
  const pending = new Map();
  const listeners = new Map();
  let queue = [];
  let nextId = 1;
  let socket;

  const closedEnvelope = () => ({
    ok: false,
    error: { code: 'internal', message: 'The connection to the Holdfast engine was lost.' },
  });

  function open() {
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      for (const message of queue) socket.send(message);
      queue = [];
    });
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (typeof message.id === 'number') {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        if (resolve) resolve(message.envelope);
      } else if (typeof message.event === 'string') {
        for (const listener of listeners.get(message.event) ?? []) {
          try {
            listener(message.payload);
          } catch {
            // One failing listener must not starve the others.
          }
        }
      }
    });
    socket.addEventListener('close', () => {
      for (const resolve of pending.values()) resolve(closedEnvelope());
      pending.clear();
      setTimeout(open, 500);
    });
  }

  const api = {
    invoke(command, params) {
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        const message = JSON.stringify({ id, command, params });
        if (socket.readyState === WebSocket.OPEN) socket.send(message);
        else queue.push(message);
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };

  open();
  Object.defineProperty(window, 'holdfast', { value: Object.freeze(api), writable: false, configurable: false });
})();

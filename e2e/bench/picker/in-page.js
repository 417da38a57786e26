/* global window, document, requestAnimationFrame, HTMLInputElement, InputEvent */
/**
 * Runs inside the page (the benchmark evaluates this file as it is, untouched by any compiler) and leaves
 * its measurements on window.__pickerBench. "Painted" means the frame after the change has been presented: a requestAnimationFrame
 * callback runs before that frame is painted, and a message posted from it is handled after.
 */

/** Opens the picker and resolves with the milliseconds from the click to the first painted tree rows. */
function measureFirstRender() {
  const afterPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      }),
    );
  return new Promise((resolve, reject) => {
    const button = document.querySelector('[data-testid="picker-open"]');
    if (!button) return reject(new Error('no Change button on the connection view'));
    const start = performance.now();
    button.click();
    const wait = () => {
      if (document.querySelector('[data-testid="picker-tree"] [role="treeitem"]')) {
        void afterPaint().then(() => resolve(performance.now() - start));
      } else {
        requestAnimationFrame(wait);
      }
    };
    wait();
  });
}

/**
 * Types each query into the search box one character at a time (as an input event, like a keystroke),
 * clearing between queries, and resolves with the milliseconds from each keystroke to the filtered list
 * painted, plus how many rows each final query left.
 */
async function measureKeystrokes(queries) {
  const afterPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      }),
    );
  const input = document.querySelector('[data-testid="picker-search"]');
  if (!input) throw new Error('the picker has no search box');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const samples = [];
  const rows = [];
  const put = async (value, data, record) => {
    // A person's keystroke lands anywhere in a frame. Starting each one right after the previous paint would
    // make every figure wait almost a whole frame; a random phase measures what a user sees.
    if (record) await new Promise((resolve) => setTimeout(resolve, Math.random() * 16));
    const start = performance.now();
    setValue.call(input, value);
    input.dispatchEvent(
      new InputEvent('input', { bubbles: true, data, inputType: data ? 'insertText' : 'deleteContentBackward' }),
    );
    await afterPaint();
    if (record) samples.push(performance.now() - start);
  };
  for (const query of queries) {
    for (let i = 1; i <= query.length; i += 1) await put(query.slice(0, i), query[i - 1], true);
    rows.push(document.querySelectorAll('[data-testid="picker-tree"] [role="treeitem"]').length);
    await put('', null, false);
  }
  return { samples, rows };
}

/** Scrolls the tree through `steps` frames of `by` pixels and resolves with each frame's duration in ms. */
async function measureScroll(steps, by) {
  const tree = document.querySelector('[data-testid="picker-tree"]');
  if (!tree) throw new Error('the picker has no tree');
  const frames = [];
  let last = await new Promise((resolve) => requestAnimationFrame(resolve));
  for (let i = 0; i < steps; i += 1) {
    tree.scrollTop += by;
    const now = await new Promise((resolve) => requestAnimationFrame(resolve));
    frames.push(now - last);
    last = now;
  }
  return frames;
}

window.__pickerBench = { measureFirstRender, measureKeystrokes, measureScroll };

import { useEffect, useRef } from 'react';

/** How long an incident the user asked to see stays highlighted. */
export const HIGHLIGHT_MS = 2500;

/**
 * Shows an incident the user asked for (a toast's "What happened", a click on a system notification): opens
 * it, scrolls it into view, moves the keyboard focus to its summary (so a screen reader reads its title and
 * that it is expanded) and highlights it briefly. `onShown` is called once done, to clear the request.
 *
 * The DOM is changed directly, not through props: `open` stays what the timeline decides (the newest opened)
 * and a highlight set here is not wiped by a re-render.
 */
export function useIncidentFocus(focusRequest: number | null, onShown: () => void) {
  const itemRef = useRef<HTMLLIElement>(null);
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const summaryRef = useRef<HTMLElement>(null);
  const highlightTimer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(highlightTimer.current), []);

  useEffect(() => {
    const item = itemRef.current;
    if (focusRequest === null || !item) return;
    if (detailsRef.current) detailsRef.current.open = true;
    // Not there in every DOM (jsdom has none).
    item.scrollIntoView?.({ block: 'start' });
    summaryRef.current?.focus({ preventScroll: true });
    item.dataset.highlighted = 'true';
    window.clearTimeout(highlightTimer.current);
    highlightTimer.current = window.setTimeout(() => delete item.dataset.highlighted, HIGHLIGHT_MS);
    onShown();
  }, [focusRequest, onShown]);

  return { itemRef, detailsRef, summaryRef };
}

import { useEffect } from 'react';
import { useApp } from '../store/context';

/** While the window is up, a click on one of the shell's system notifications opens what it was about. */
export function useShellNavigation(): void {
  const followNavigation = useApp((s) => s.followNavigation);
  useEffect(() => followNavigation(), [followNavigation]);
}

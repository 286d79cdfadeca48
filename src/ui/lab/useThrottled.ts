import { useEffect, useRef, useState } from 'react';

/**
 * The value, passed on at most once per `ms` (the latest one always arrives, a little later), or at
 * once when `immediate(shown, next)` says so (a restart: the old run must not linger beside its ghost).
 */
export function useThrottled<T>(value: T, ms: number, immediate?: (shown: T, next: T) => boolean): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const skip = useRef(immediate);
  skip.current = immediate;
  useEffect(() => {
    const wait = last.current + ms - performance.now();
    if (wait <= 0 || skip.current?.(shownRef.current, value)) {
      last.current = performance.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

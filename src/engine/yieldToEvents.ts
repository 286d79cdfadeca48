/// <reference lib="webworker" />
/**
 * A macrotask yield without setTimeout's 4 ms clamp, so queued worker messages (pause, reset)
 * get handled between two steps of a running loop.
 */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

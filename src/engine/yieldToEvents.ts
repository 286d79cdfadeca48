const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

/**
 * A macrotask yield without setTimeout's 4 ms clamp, so the worker's queued messages (pause, reset,
 * the page's liveness ping) get handled between two training steps.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

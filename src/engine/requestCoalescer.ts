/**
 * Request/reply traffic to the training worker, coalesced per channel: at most one request of a
 * channel is in the worker at a time, a newer request replaces the one waiting behind it, and an
 * answer that a newer request has made stale is dropped. A burst of control changes (each asking
 * for predictions) then costs the worker one request per answer instead of one per render.
 * Plain TypeScript with an injected `post`, so it is tested without a Worker.
 */
import type { PageToWorker, WorkerToPage } from './protocol';

export type RequestMessage = Extract<PageToWorker, { requestId: number }>;
export type RequestKind = RequestMessage['type'];

/** The reply type of each request type. */
export const REPLY_TYPE = {
  predict: 'predictions',
  predictPixels: 'predictions',
  features: 'featuresResult',
  profileStep: 'stepProfile',
  exportModels: 'exported',
  inspect: 'inspection',
} as const satisfies Record<RequestKind, WorkerToPage['type']>;

export type ReplyTo<K extends RequestKind> = Extract<WorkerToPage, { type: (typeof REPLY_TYPE)[K] }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A request as callers write it: the coalescer numbers it. */
export type RequestBody = DistributiveOmit<RequestMessage, 'requestId'>;

interface Waiting {
  body: RequestBody;
  resolve(reply: WorkerToPage | undefined): void;
}

interface Sent extends Waiting {
  requestId: number;
  channel: string;
}

interface Channel {
  inFlight?: Sent;
  /** A newer request has replaced inFlight's: its answer is stale when it comes. */
  inFlightStale: boolean;
  queued?: Waiting;
}

export class RequestCoalescer {
  private nextId = 1;
  private readonly channels = new Map<string, Channel>();
  private readonly byId = new Map<number, Sent>();
  /** Requests posted to the worker since this coalescer was made (tests and diagnostics read it). */
  sent = 0;

  constructor(private readonly post: (message: RequestMessage) => void) {}

  /**
   * Resolves with the reply, or with undefined when a newer request on the same channel replaced
   * this one, the worker declined it (nothing to answer with yet) or the worker stopped. Never
   * rejects: a dropped answer is routine, not an error. The channel defaults to the request type;
   * callers that ask different questions of one type (24 grid digits vs 2,000 hover digits) name theirs.
   */
  request<B extends RequestBody>(
    body: B,
    channel: string = body.type,
  ): Promise<ReplyTo<B['type']> | undefined> {
    return new Promise((resolve) => {
      const waiting: Waiting = { body, resolve: resolve as Waiting['resolve'] };
      const ch = this.channel(channel);
      if (!ch.inFlight) return this.send(channel, ch, waiting);
      ch.queued?.resolve(undefined);
      ch.queued = waiting;
      ch.inFlightStale = true;
    });
  }

  /** Routes a worker message; true when it answered (or declined) a request sent from here. */
  settle(message: WorkerToPage): boolean {
    if (!('requestId' in message)) return false;
    const sent = this.byId.get(message.requestId);
    if (!sent) return false;
    const expected = REPLY_TYPE[sent.body.type];
    if (message.type !== expected && message.type !== 'declined') return false;
    this.byId.delete(message.requestId);
    const ch = this.channel(sent.channel);
    const stale = ch.inFlightStale;
    ch.inFlight = undefined;
    ch.inFlightStale = false;
    sent.resolve(stale || message.type === 'declined' ? undefined : message);
    const next = ch.queued;
    ch.queued = undefined;
    if (next) this.send(sent.channel, ch, next);
    return true;
  }

  /** The worker is gone: every waiting caller gets undefined, nothing is sent any more. */
  dropAll(): void {
    for (const ch of this.channels.values()) {
      ch.inFlight?.resolve(undefined);
      ch.queued?.resolve(undefined);
    }
    this.channels.clear();
    this.byId.clear();
  }

  /** Requests in the worker now (at most one per channel). */
  get inFlight(): number {
    return this.byId.size;
  }

  private channel(name: string): Channel {
    let ch = this.channels.get(name);
    if (!ch) {
      ch = { inFlightStale: false };
      this.channels.set(name, ch);
    }
    return ch;
  }

  private send(channel: string, ch: Channel, waiting: Waiting): void {
    const requestId = this.nextId++;
    const sent: Sent = { ...waiting, requestId, channel };
    ch.inFlight = sent;
    this.byId.set(requestId, sent);
    this.sent += 1;
    this.post({ ...waiting.body, requestId } as RequestMessage);
  }
}

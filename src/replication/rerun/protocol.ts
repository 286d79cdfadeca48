/**
 * Messages between the page and the rerun worker (./worker.ts). The worker runs one claim's
 * experiment at a time; cancelling is terminating it (the page then starts a fresh one), so
 * nothing here needs a "stop" message and the Lab's own training worker is never involved.
 */
import type { BackendChoice, BackendSelection } from '../../engine/types';
import type { ClaimEstimate } from '../run/estimate';
import type { SeedDone } from '../run/runClaim';
import type { ClaimResult } from '../types';
import type { RerunContext, RerunRequest } from './rerunJob';

export type PageToRerun =
  | { type: 'init'; backend: BackendChoice; dataUrl: string }
  | { type: 'estimate'; request: RerunRequest }
  | { type: 'run'; request: RerunRequest; context: Omit<RerunContext, 'backend'> };

export type RerunToPage =
  | { type: 'ready'; selection: BackendSelection }
  | { type: 'progress'; task: string; done: number; total: number }
  | { type: 'estimate'; estimate: ClaimEstimate }
  | { type: 'seed'; done: SeedDone }
  | { type: 'result'; result: ClaimResult }
  | { type: 'error'; message: string };

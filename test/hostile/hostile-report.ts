/** What a hostile-input run reports: read by the spec and by `npm run fuzz` (no app code imported here). */
export type Phase = 'malformed-writes' | 'hostile-reads' | 'hostile-text';

export interface HostileFailure {
  phase: Phase;
  route: string;
  seed: number;
  path?: string;
  problem: string;
  request: string;
}

export interface HostileReport {
  requests: number;
  byRoute: Record<string, number>;
  /** Time spent on each route's requests, shrinking included. */
  msByRoute: Record<string, number>;
  byStatus: Record<string, number>;
  failures: HostileFailure[];
  ms: number;
}

export const emptyReport = (): HostileReport => ({
  requests: 0,
  byRoute: {},
  msByRoute: {},
  byStatus: {},
  failures: [],
  ms: 0,
});

/** The report as text: totals, per-route counts, and each failure with its input and how to replay it. */
export function formatReport(report: HostileReport): string {
  const lines = [
    `hostile input: ${report.requests} requests to ${Object.keys(report.byRoute).length} routes in ${(report.ms / 1000).toFixed(1)} s`,
    `statuses: ${Object.entries(report.byStatus)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ')}`,
    'requests per route (and seconds spent):',
    ...Object.entries(report.byRoute)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([route, count]) =>
          `  ${String(count).padStart(7)} ${((report.msByRoute[route] ?? 0) / 1000).toFixed(1).padStart(7)} s  ${route}`,
      ),
  ];
  if (report.failures.length === 0) {
    lines.push('no failure');
  } else {
    lines.push(`${report.failures.length} failing route(s):`);
    for (const failure of report.failures) {
      lines.push(
        `- [${failure.phase}] ${failure.route}: ${failure.problem}`,
        `  replay: FUZZ_SEED=${failure.seed} (path ${failure.path ?? '-'})`,
        failure.request.replace(/^/gm, '  '),
      );
    }
  }
  return lines.join('\n');
}

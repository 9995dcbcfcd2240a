/** What a cross-scope run reports: read by the spec and by `npm run fuzz` (no app code imported here). */
export type Check = 'status' | 'existence' | 'reason' | 'changed' | 'leaked' | 'gap';

export interface CrossScopeFailure {
  check: Check;
  route: string;
  message: string;
}

export interface CrossScopeReport {
  requests: number;
  /** `METHOD /path` -> the id slots and roles attacked there. */
  covered: Record<string, string[]>;
  /** Foreign ids that a request got accepted with: later answers about them may follow from that. */
  accepted: string[];
  /** Statuses of the requests with a foreign id. */
  byStatus: Record<string, number>;
  failures: CrossScopeFailure[];
  ms: number;
}

export const emptyCrossScopeReport = (): CrossScopeReport => ({
  requests: 0,
  covered: {},
  accepted: [],
  byStatus: {},
  failures: [],
  ms: 0,
});

/** The report as text: totals, then one line per failure. */
export function formatCrossScope(report: CrossScopeReport): string {
  const lines = [
    `cross-scope: ${report.requests} requests, ${Object.keys(report.covered).length} routes with ids, ${(report.ms / 1000).toFixed(1)} s`,
    `statuses of the foreign ids: ${Object.entries(report.byStatus)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ')}`,
    ...(report.failures.length === 0 ? ['no failure'] : [`${report.failures.length} failure(s):`]),
  ];
  for (const failure of report.failures) lines.push(`- [${failure.check}] ${failure.message}`);
  return lines.join('\n');
}

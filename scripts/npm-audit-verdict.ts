/** What `npm audit --omit=dev --json` printed, read into a verdict: pass, fail, or no verdict at all. */
export interface AuditVerdict {
  outcome: 'pass' | 'fail' | 'no-verdict';
  message: string;
}

interface AuditVulnerability {
  name?: string;
  severity?: string;
  via?: unknown[];
  range?: string;
  fixAvailable?: unknown;
}

const SEVERE = ['high', 'critical'];

/**
 * Reads the JSON report: high or critical advisories fail, naming each package; an answer that is
 * not a report (the registry refused the audit request, say) is no verdict, never a pass.
 */
export function auditVerdict(output: string): AuditVerdict {
  let report: {
    vulnerabilities?: Record<string, AuditVulnerability>;
    metadata?: { vulnerabilities?: Record<string, number> };
    message?: string;
    statusCode?: number;
    error?: { summary?: string };
  };
  try {
    report = JSON.parse(output);
  } catch {
    return { outcome: 'no-verdict', message: 'npm audit printed no JSON report' };
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts || !report.vulnerabilities) {
    const reason = report.message ?? report.error?.summary ?? 'an answer without metadata.vulnerabilities';
    return {
      outcome: 'no-verdict',
      message: `npm audit could not audit the dependencies: ${reason}${report.statusCode ? ` (HTTP ${report.statusCode})` : ''}`,
    };
  }
  const severe = Object.entries(report.vulnerabilities).filter(([, v]) => SEVERE.includes(v.severity ?? ''));
  const summary = Object.entries(counts)
    .filter(([severity]) => severity !== 'total')
    .map(([severity, count]) => `${severity} ${count}`)
    .join(', ');
  if (severe.length === 0) return { outcome: 'pass', message: `no high or critical advisory (${summary})` };
  return {
    outcome: 'fail',
    message: [
      `${severe.length} package(s) with a high or critical advisory (${summary}):`,
      ...severe.map(
        ([name, v]) => `  ${name} ${v.range ?? ''} ${v.severity}${v.fixAvailable ? ' (fix available)' : ''}`,
      ),
    ].join('\n'),
  };
}

import { auditVerdict } from '../../scripts/npm-audit-verdict';

/** `npm run audit:prod` reads `npm audit --omit=dev --json`; these are the shapes npm prints. */
const report = (vulnerabilities: Record<string, object>, counts: Record<string, number>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: {
      vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts },
      dependencies: { prod: 120, dev: 0, optional: 3, peer: 0, peerOptional: 0, total: 120 },
    },
  });

describe('the verdict on npm audit --omit=dev', () => {
  it('passes a report without high or critical advisories', () => {
    const verdict = auditVerdict(
      report(
        { 'some-lib': { name: 'some-lib', severity: 'moderate', range: '<1.2.3', fixAvailable: true } },
        {
          moderate: 1,
          total: 1,
        },
      ),
    );
    expect(verdict).toEqual({ outcome: 'pass', message: expect.stringContaining('moderate 1') });
  });

  it('fails a high or critical advisory, naming the package', () => {
    const verdict = auditVerdict(
      report(
        {
          'some-lib': { name: 'some-lib', severity: 'high', range: '<1.2.3', fixAvailable: true },
          'other-lib': { name: 'other-lib', severity: 'critical', range: '*', fixAvailable: false },
        },
        { high: 1, critical: 1, total: 2 },
      ),
    );
    expect(verdict.outcome).toBe('fail');
    expect(verdict.message).toMatch(/some-lib <1\.2\.3 high \(fix available\)/);
    expect(verdict.message).toMatch(/other-lib \* critical/);
  });

  it('gives no verdict, never a pass, when the registry refuses the audit (as it answers here: 405)', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST <registry>/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    });
    expect(auditVerdict(refused)).toEqual({
      outcome: 'no-verdict',
      message: expect.stringMatching(/could not audit.*405 Method Not Allowed.*\(HTTP 405\)/),
    });
    expect(auditVerdict('').outcome).toBe('no-verdict');
  });
});

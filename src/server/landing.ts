// The landing page: what this exporter is, where it runs, what it collects.

export interface LandingInfo {
  readonly version: string;
  readonly platform: string;
  readonly arch: string;
  readonly nodeVersion: string;
  readonly telemetryPath: string;
  readonly collectors: readonly string[];
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function landingPage(info: LandingInfo): string {
  const collectors = info.collectors.map((c) => `<li>${escape(c)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hostwatch-exporter</title></head>
<body>
<h1>hostwatch-exporter</h1>
<p>Version ${escape(info.version)} on ${escape(info.platform)}/${escape(info.arch)}, Node.js ${escape(info.nodeVersion)}.</p>
<h2>Enabled collectors</h2>
<ul>${collectors}</ul>
<h2>Endpoints</h2>
<ul>
<li><a href="${escape(info.telemetryPath)}">${escape(info.telemetryPath)}</a>: metrics</li>
<li><a href="/healthz">/healthz</a>: liveness</li>
<li><a href="/readyz">/readyz</a>: readiness (every collector has produced its first sample)</li>
</ul>
</body></html>
`;
}

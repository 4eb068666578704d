// The status page's stylesheet, served as /status/status.css (a file, not inline, so the
// page's Content-Security-Policy can forbid inline styles and scripts).
export const STATUS_CSS = `
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 16px 24px; color: #1d232a; }
header h1 { margin: 16px 0 4px; font-size: 1.5em; }
header p { margin: 4px 0; color: #505a66; }
h2 { font-size: 1.1em; margin: 20px 0 8px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 12px; }
figure.chart { margin: 0; border: 1px solid #d8dde3; border-radius: 6px; padding: 8px; min-height: 230px; }
figure.chart figcaption { font-weight: 600; font-size: 0.9em; margin-bottom: 4px; }
figure.chart .nodata { color: #7a8591; font-size: 0.85em; }
#tables .tables { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 12px; align-items: start; }
#tables #services { grid-column: 1 / -1; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid #e3e7eb; padding: 3px 6px; text-align: left; }
td[data-value] { font-variant-numeric: tabular-nums; }
td.empty { color: #7a8591; }
footer { margin-top: 24px; color: #505a66; font-size: 0.85em; }
`;

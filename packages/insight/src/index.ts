export { loadSources, StrictError } from './sources/load.js';
export type {
  LoadOptions,
  LoadedLogs,
  SourceFile,
  Skipped,
  SkippedFile,
  SkipSample,
} from './sources/load.js';
export { expandSources, SourceError } from './sources/files.js';
export { parseAccessLine, parseClfTime, formatClfTime } from './sources/access-line.js';
export type { AccessLine } from './sources/access-line.js';
export { openDb, rows, closeDb, type Db, type Row } from './db.js';
export { buildReport } from './report/build-report.js';
export type { Report, ReportContext } from './report/build-report.js';
export { filterSql, parseTimeBound, FilterError, FILTER_KEYS, type Filters } from './filters.js';
export { renderTerminal } from './render/terminal.js';
export { renderHtml } from './render/html.js';
export { safeText, escapeHtml } from './render/escape.js';
export { findIncidents } from './incident.js';
export type { IncidentRecord } from './incident.js';
export { planReplay, planToCurl, planToHttp } from './replay-plan.js';
export { Pseudonymiser } from './pseudonymiser.js';
export { readTicketState, writeTicketState, stateDir } from './ticket-state.js';
export { main } from './cli.js';
export { startDashboard, DashboardError } from './serve/start-dashboard.js';
export type { Dashboard, DashboardOptions } from './serve/start-dashboard.js';

import { lit, rows, type Db } from '../db.js';
import { findIncidents, type IncidentRecord } from '../incident.js';
import { iso } from '../report/sql-helpers.js';
import { planReplay, planToCurl } from '../replay-plan.js';
import { s } from './records-query.js';
import { replayCommand } from '../replay-command.js';
import { suggestedReplayTarget } from '../replay-target.js';

export interface IncidentView {
  incident: IncidentRecord;
  /** The same client's records in the minutes before the crash, oldest first (from the loaded logs). */
  before: {
    time: string;
    level: string;
    event: string | null;
    message: string | null;
    path: string | null;
    status: number | null;
  }[];
  replay: { command: string; curl: string; missing: string[] };
}

/** Everything the incident page shows: the record, what the same client did before it, and how to replay it. */
export async function incidentView(
  db: Db,
  ref: string,
  sources: readonly string[],
  target: string | undefined,
): Promise<IncidentView | undefined> {
  const [incident] = await findIncidents(db, { ref });
  if (!incident) return undefined;
  const who = incident.user?.id
    ? `user_id = ${lit(incident.user.id)}`
    : incident.request.ip
      ? `ip = ${lit(incident.request.ip)} AND coalesce(ua, '') = ${lit(incident.request.ua ?? '')}`
      : 'FALSE';
  const before = await rows(
    db,
    `SELECT * FROM (
       SELECT ${iso('ts')} AS time, ts, level, event, message, path, status FROM records
       WHERE ${who} AND ts <= ${lit(incident.time)}::TIMESTAMPTZ::TIMESTAMP
         AND ts >= ${lit(incident.time)}::TIMESTAMPTZ::TIMESTAMP - INTERVAL 30 MINUTE
         AND coalesce(incident_ref, '') <> ${lit(incident.incident.ref)}
       ORDER BY ts DESC LIMIT 50) ORDER BY ts`,
  );
  const plan = planReplay(incident, {});
  const headers = incident.incident.received?.headers;
  const command = replayCommand(incident.incident.ref, headers, sources, target);
  return {
    incident,
    before: before.map((b) => ({
      time: s(b.time) ?? '',
      level: s(b.level) ?? '',
      event: s(b.event),
      message: s(b.message),
      path: s(b.path),
      status: typeof b.status === 'number' ? b.status : null,
    })),
    replay: {
      command,
      curl: planToCurl(plan, target ?? suggestedReplayTarget(headers)),
      missing: plan.missing,
    },
  };
}

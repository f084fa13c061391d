import { statSync } from 'node:fs';
import { CookieJar } from 'tough-cookie';
import { findIncidents, type IncidentRecord } from '../incident.js';
import {
  DEFAULT_REPLAY_TARGET,
  replayRequestTarget,
  replayTargetProblem,
  replayUrlText,
} from '../replay-target.js';
import {
  REPLAY_ANSWER_TIMEOUT_MS,
  REPLAY_TIMEOUT_CODE,
  isUntrustedCertificate,
  sendRecordedRequest,
  type ReplayAnswer,
} from '../replay-request.js';
import { planReplay, planToCurl, planToHttp, type ReplayPlan } from '../replay-plan.js';
import type { Style } from '../render/style.js';
import { loadSources } from '../sources/load.js';
import { expandSources } from '../sources/files.js';
import { safeText } from '../render/escape.js';
import {
  httpUrl,
  load,
  positiveInt,
  styleFor,
  SOURCE_OPTIONS,
  UsageError,
  type Io,
  type Values,
  type Command,
} from './common.js';

export const replayCommand: Command = {
  name: 'replay',
  summary: 're-send the session that led to an incident and check whether the same crash comes back',
  usage: `logbook replay E-XXXXXX --target URL [sources...] [options]

  --target URL      where a copy of the application runs, e.g. http://127.0.0.1:3000, or with the base path it is
                    mounted under, http://127.0.0.1:3000/shop (required unless --print)
  --set NAME=VALUE  a value that was redacted when recorded (password, token, ...); repeatable
  --logs DIR        the target's log folder: compare the new incident's fingerprint with the original
  --wait MS         how long to wait for the target's incident record (default 3000)
  --print curl|http write the requests as a curl script or a .http file instead of sending them
  --insecure        do not check an https target's certificate (a staging copy with a self-signed one), as curl -k
  --format F, --no-color as for report

Exit code: 0 not reproduced, 3 the same crash came back (or a 5xx, without --logs), 4 another crash came back,
1 the replay could not run, 2 a usage error.`,
  options: {
    format: SOURCE_OPTIONS.format,
    color: SOURCE_OPTIONS.color,
    'no-color': SOURCE_OPTIONS['no-color'],
    target: { type: 'string' },
    set: { type: 'string', multiple: true },
    logs: { type: 'string' },
    wait: { type: 'string' },
    print: { type: 'string' },
    insecure: { type: 'boolean' },
  },
  async run(io: Io, positionals: string[], v: Values): Promise<number> {
    const [ref, ...sources] = positionals;
    if (!ref) throw new UsageError('give an incident reference such as E-7F3K2Q.');
    if (!/^E-[0-9A-Z]{6}$/i.test(ref))
      throw new UsageError(`${safeText(ref)} is not an incident reference: they look like E-7F3K2Q.`);
    const print = v.print;
    if (print !== undefined && print !== 'curl' && print !== 'http')
      throw new UsageError(`--print ${String(print)}: expected curl or http.`);
    const target = typeof v.target === 'string' ? v.target : print ? DEFAULT_REPLAY_TARGET : undefined;
    if (!target)
      throw new UsageError(
        '--target URL is required (where a copy of the app runs), or use --print curl|http.',
      );
    httpUrl(target, '--target');
    const targetProblem = replayTargetProblem(target);
    if (targetProblem !== undefined) throw new UsageError(`--target ${safeText(target)} ${targetProblem}`);
    const set: Record<string, string> = {};
    for (const kv of (v.set as string[] | undefined) ?? []) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new UsageError(`--set ${kv}: expected NAME=VALUE, e.g. --set password=secret.`);
      set[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    const waitMs = positiveInt(v.wait, '--wait') ?? 3000;
    // Checked before any request is sent: a typo here should not cost a replay against the target.
    if (typeof v.logs === 'string' && !print) expandSources([v.logs]);
    const s = styleFor(io, v);
    const loaded = await load(io, sources, v);
    let rec;
    try {
      [rec] = await findIncidents(loaded, { ref });
    } finally {
      loaded.close();
    }
    if (!rec) {
      io.stderr.write(
        `logbook replay: no incident ${safeText(ref)} in these logs. Pass the folder that holds it.\n`,
      );
      return 1;
    }
    const plan = planReplay(rec, set);
    if (print) {
      const insecure = v.insecure === true;
      io.stdout.write(
        print === 'curl' ? planToCurl(plan, target, { insecure }) : planToHttp(plan, target, { insecure }),
      );
      if (plan.missing.length > 0)
        io.stderr.write(`Fill in the redacted values: ${plan.missing.map(safeText).join(', ')}\n`);
      return 0;
    }
    if (plan.missing.length > 0) {
      io.stderr.write(
        `These values were redacted when the incident was recorded; supply them to replay: ${plan.missing.map((m) => `--set ${safeText(m)}=...`).join(' ')}\n`,
      );
      return 1;
    }
    const started = new Date(Date.now() - 1000).toISOString();
    const last = await sendSteps(io, s, plan, target, v.insecure === true);
    if (typeof v.logs === 'string')
      return EXIT[await reportSameCrash(io, s, fingerprintOf(rec), v.logs, started, waitMs, last)];
    io.stdout.write(
      last >= 500
        ? s.red(
            `Reproduced (by status): the last request answered ${last}. Pass --logs DIR to compare fingerprints.\n`,
          )
        : s.green(`Not reproduced: the last request answered ${last}.\n`),
    );
    return EXIT[last >= 500 ? 'reproduced' : 'not-reproduced'];
  },
};

type Verdict = 'reproduced' | 'other-crash' | 'not-reproduced';
/**
 * The exit code says the verdict, so a script can check a fix (`logbook replay ... && echo fixed`) or drive
 * `git bisect run`. 1 and 2 stay what they are for every command (a failure, a usage error), so a replay that
 * could not run is never mistaken for a verdict.
 */
const EXIT: Record<Verdict, number> = { 'not-reproduced': 0, reproduced: 3, 'other-crash': 4 };

/** The fingerprint an incident record carries (on the incident, or on its error). */
const fingerprintOf = (rec: IncidentRecord): string | undefined =>
  rec.incident.fingerprint ?? rec.error?.fingerprint;

/**
 * Sends the plan's requests in order, carrying the cookies the target sets from one to the next, and prints each
 * answer. Returns the last status.
 */
async function sendSteps(
  io: Io,
  s: Style,
  plan: ReplayPlan,
  target: string,
  insecure: boolean,
): Promise<number> {
  // Kept as a browser keeps them, so that a logout's expired cookie is dropped and a path-scoped one goes only
  // where it belongs: the session the crash needs is the one a person's browser had.
  const jar = new CookieJar();
  const origin = new URL(target);
  let last = 0;
  // Earlier steps that answered otherwise than when recorded: the usual cause is a session the replay does not
  // have (cookies are never recorded), which the user should hear about before the verdict.
  const differed: number[] = [];
  for (const [i, step] of plan.steps.entries()) {
    const requestTarget = replayRequestTarget(target, step.url);
    // the jar matches cookies by URL, which it reads as a browser would
    const url = replayUrlText(target, step.url);
    const headers: Record<string, string> = { ...step.headers };
    const cookie = await jar.getCookieString(url);
    if (cookie !== '') headers.cookie = cookie;
    let res: ReplayAnswer;
    try {
      res = await sendRecordedRequest(origin, requestTarget, step.method, headers, step.body, { insecure });
    } catch (e) {
      const err = e as Error & { code?: string };
      // a method or header value HTTP cannot carry (a log from elsewhere may hold one) is not the target's fault
      if (err.code === 'ERR_INVALID_CHAR' || err.code === 'ERR_INVALID_HTTP_TOKEN')
        throw new Error(
          `step ${i + 1} cannot be sent as recorded (${err.message}). Use --print curl, edit the step and run it.`,
          { cause: e },
        );
      if (err.code === REPLAY_TIMEOUT_CODE)
        throw new Error(
          `${target} did not answer step ${i + 1} within ${REPLAY_ANSWER_TIMEOUT_MS / 1000} s: it hangs there. ` +
            'Look at what the application is waiting for, or use --print curl to send the steps by hand.',
          { cause: e },
        );
      if (isUntrustedCertificate(err))
        throw new Error(
          `${target} answered step ${i + 1} with a certificate that is not trusted (${err.code}: ${err.message}). ` +
            'For a copy of the application whose certificate you know (a self-signed one on staging), pass --insecure; ' +
            'or trust its CA with NODE_EXTRA_CA_CERTS=ca.pem.',
          { cause: e },
        );
      throw new Error(
        `cannot reach ${target} at step ${i + 1} (${err.code ?? err.message}). ` +
          'Start the application there, or pass --target with its address.',
        { cause: e },
      );
    }
    const refused: string[] = [];
    for (const c of res.setCookies) {
      try {
        await jar.setCookie(c, url);
      } catch (e) {
        refused.push(`${c.split(';')[0]!.split('=')[0]!.trim()} (${(e as Error).message})`);
      }
    }
    last = res.status;
    const colour = res.status >= 500 ? s.red : res.status >= 400 ? s.yellow : s.green;
    const otherwise = step.recorded !== undefined && step.recorded !== res.status;
    if (otherwise && i < plan.steps.length - 1) differed.push(i + 1);
    io.stdout.write(
      `  ${i + 1}/${plan.steps.length} ${safeText(step.method)} ${safeText(step.url)} → ${colour(String(res.status))}` +
        `${otherwise ? s.yellow(` (recorded ${step.recorded})`) : ''}\n`,
    );
    // A browser would not keep these either (another domain, say), so later steps go without them; said, because
    // a session that vanishes here is why a later step may not reach the crash.
    if (refused.length > 0)
      io.stdout.write(
        s.yellow(
          `      cookie not kept, as a browser would not keep it: ${refused.map(safeText).join('; ')}\n`,
        ),
      );
  }
  if (differed.length > 0) {
    io.stdout.write(
      s.yellow(
        `Step ${differed.join(', ')} answered otherwise than when recorded. The replay starts without the session's ` +
          `cookies (they are never recorded), so a step that needed a login or earlier state may not reach the crash; ` +
          `log in on the target the same way, or check what changed.\n`,
      ),
    );
  }
  return last;
}

/**
 * Reads the target's logs until an incident with the original's fingerprint appears since `started` (reproduced),
 * or `waitMs` passes (another crash, or none), and says which.
 */
async function reportSameCrash(
  io: Io,
  s: Style,
  fingerprint: string | undefined,
  logsDir: string,
  started: string,
  waitMs: number,
  last: number,
): Promise<Verdict> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const files = writtenSince(logsDir, Date.parse(started));
    let fresh: IncidentRecord[] = [];
    if (files.length > 0) {
      const logs = await loadSources(files);
      try {
        fresh = await findIncidents(logs, { since: started });
      } finally {
        logs.close();
      }
    }
    const same = fresh.find((f) => fingerprintOf(f) === fingerprint);
    if (same) {
      io.stdout.write(
        s.red(
          `Reproduced: the same crash came back (fingerprint ${safeText(fingerprint)}, new incident ${safeText(same.incident.ref)}).\n`,
        ),
      );
      return 'reproduced';
    }
    if (Date.now() >= deadline) {
      const other = fresh[0];
      io.stdout.write(
        other
          ? s.yellow(
              `Not the same crash: the target recorded ${safeText(other.incident.ref)} with fingerprint ${safeText(fingerprintOf(other))}, not ${safeText(fingerprint)}.\n`,
            )
          : s.green(`Not reproduced: no new incident in ${logsDir} (last status ${last}).\n`),
      );
      return other ? 'other-crash' : 'not-reproduced';
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The files in the target's log folder written to since the replay started. The new incident is in one of them,
 * and reading only those keeps a look every 200 ms cheap however much history the folder holds.
 */
function writtenSince(logsDir: string, startedMs: number): string[] {
  return expandSources([logsDir]).filter((file) => {
    try {
      return statSync(file).mtimeMs >= startedMs;
    } catch {
      return false; // rotated away between the listing and the look: its new name is read at the next look
    }
  });
}

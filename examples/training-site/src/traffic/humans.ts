// People using the site: browsing, subscribing, registering, buying, watching, logging in and out.
// Every action is counted only when the site confirmed it (the page it answered with says so).

import { COURSES } from '../courses.js';
import type { ActionCounts } from './played.js';
import type { Random } from './random.js';
import type { Page, VirtualClient } from './virtual-client.js';

/** The course whose receipt page crashes (see courses.ts); only the unlucky visitor buys it. */
export const BROKEN_COURSE = 'css-layout-classics';
const SAFE_COURSES = COURSES.filter((c) => c.slug !== BROKEN_COURSE);
const SEARCHES = ['typescript', 'sql', 'security', 'web servers', 'css'];

export interface HumanContext {
  client: VirtualClient;
  rnd: Random;
  actions: ActionCounts;
  /** A number unique to this visitor, for e-mail addresses. */
  n: number;
  /** Unique per run, so a second run against the same running site registers new accounts. */
  run: string;
}

function coursePath(slug: string): string {
  return `/courses/${slug}`;
}

async function browse(h: HumanContext): Promise<void> {
  const { client, rnd } = h;
  await client.get('/', { referer: rnd.chance(0.5) ? 'https://www.google.com/' : false });
  await client.get('/courses');
  if (rnd.chance(0.4)) await client.get(`/courses?q=${encodeURIComponent(rnd.pick(SEARCHES))}`);
  for (const course of rnd.sample(COURSES, rnd.int(1, 3))) await client.get(coursePath(course.slug));
  // An old link from a blog post: the page was renamed.
  if (rnd.chance(0.15))
    await client.get('/courses/typescript-basics', { referer: 'https://blog.example.org/learn-ts' });
}

async function subscribe(h: HumanContext): Promise<void> {
  await h.client.get('/');
  const page = await h.client.post('/newsletter', { email: `reader${h.n}.${h.run}@example.com` });
  if (page.status === 200 && page.text.includes('you are on the list')) h.actions['newsletter.subscribe']++;
}

function password(h: HumanContext): string {
  return `evening-${h.n}-courses`;
}

async function register(h: HumanContext): Promise<boolean> {
  await h.client.get('/register');
  const page = await h.client.post('/register', {
    name: `Learner ${h.n}`,
    email: `learner${h.n}.${h.run}@example.com`,
    password: password(h),
  });
  const ok = page.status === 200 && page.url.endsWith('/account');
  if (ok) h.actions['user.signup']++;
  return ok;
}

async function logIn(h: HumanContext, withTypo: boolean): Promise<boolean> {
  await h.client.get('/login');
  const email = `learner${h.n}.${h.run}@example.com`;
  if (withTypo) {
    const failed = await h.client.post('/login', { email, password: `${password(h)}x`, next: '' });
    if (failed.status === 401) h.actions['user.login_failed']++;
  }
  const page = await h.client.post('/login', { email, password: password(h), next: '' });
  const ok = page.status === 200 && !page.url.includes('/login');
  if (ok) h.actions['user.login']++;
  else if (page.status === 401) h.actions['user.login_failed']++;
  return ok;
}

async function logOut(h: HumanContext): Promise<void> {
  const page = await h.client.post('/logout', undefined);
  if (page.status === 200 && new URL(page.url).pathname === '/') h.actions['user.logout']++;
}

async function buy(h: HumanContext, slug: string): Promise<Page> {
  await h.client.get(coursePath(slug));
  const page = await h.client.post(`${coursePath(slug)}/buy`, undefined);
  if (page.url.includes('/receipts/')) h.actions.purchase++;
  return page;
}

async function watch(h: HumanContext, slug: string, count: number): Promise<void> {
  const course = COURSES.find((c) => c.slug === slug)!;
  for (const lecture of course.lectures.slice(0, count))
    await h.client.get(`${coursePath(slug)}/lectures/${lecture.id}`);
}

/** Looks around, maybe subscribes to the newsletter, maybe clicks a lecture without an account (401). */
export async function visitor(h: HumanContext): Promise<void> {
  await browse(h);
  if (h.rnd.chance(0.5)) await subscribe(h);
  if (h.rnd.chance(0.3)) await h.client.get(`${coursePath(h.rnd.pick(SAFE_COURSES).slug)}/lectures/1`);
}

/** Registers, buys a course, watches a few lectures, looks at the account page, logs out. */
export async function buyer(h: HumanContext): Promise<void> {
  await browse(h);
  if (!(await register(h))) return;
  if (h.rnd.chance(0.3)) await subscribe(h);
  const course = h.rnd.pick(SAFE_COURSES).slug;
  await buy(h, course);
  await watch(h, course, h.rnd.int(1, 4));
  await h.client.get('/account');
  await logOut(h);
}

/** Registers and leaves; comes back, logs in (sometimes mistyping the password first), watches, logs out. */
export async function returning(h: HumanContext): Promise<void> {
  await browse(h);
  if (!(await register(h))) return;
  const [owned, other] = h.rnd.sample(SAFE_COURSES, 2);
  await buy(h, owned!.slug);
  await logOut(h);
  await h.client.get('/', { referer: false });
  if (!(await logIn(h, h.rnd.chance(0.4)))) return;
  await watch(h, owned!.slug, h.rnd.int(1, 3));
  // Clicks a lecture of a course they do not own: 403 with an offer to buy.
  if (h.rnd.chance(0.5)) await watch(h, other!.slug, 1);
  await logOut(h);
}

/**
 * Buys the course with the missing field: the receipt page crashes (500 with an incident reference),
 * the visitor reloads it once, then goes to the account page and logs out.
 */
export async function unlucky(h: HumanContext): Promise<{ refs: string[]; path: string | undefined }> {
  await h.client.get('/');
  await h.client.get('/courses');
  if (!(await register(h))) return { refs: [], path: undefined };
  const refs: string[] = [];
  const first = await buy(h, BROKEN_COURSE);
  const path = new URL(first.url).pathname;
  const ref = (page: Page): void => {
    const found = page.status === 500 ? /E-[0-9A-Z]{6}/.exec(page.text) : null;
    if (found) refs.push(found[0]);
  };
  ref(first);
  ref(await h.client.get(path));
  await h.client.get('/account');
  await logOut(h);
  return { refs, path };
}

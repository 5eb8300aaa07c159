// The in-memory store: better-auth's core tables (user, account, session) as plain maps.
// Rows hold Dates; JSON.stringify turns them into ISO strings on the wire, as better-auth does.
import { newId, newSessionToken } from './ids.js';

export interface User {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Account {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  accessTokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  scope: string | null;
  password: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Session {
  id: string;
  expiresAt: Date;
  token: string;
  createdAt: Date;
  updatedAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  userId: string;
}

export interface SessionPolicy {
  /** Lifetime of a session, in seconds. */
  expiresIn: number;
  /** A session older than this (seconds since its last refresh) is extended by get-session. */
  updateAge: number;
  /**
   * Live sessions one user may hold; creating one more deletes that user's oldest (by creation). Keeps
   * list-sessions small and cheap however often a client signs in (see README, "Sessions per user").
   */
  maxPerUser: number;
  /** The clock, in milliseconds; tests pass a fake one. */
  now?: () => number;
}

export class MemoryStore {
  readonly #users = new Map<string, User>(); // by id
  readonly #userIdsByEmail = new Map<string, string>(); // lower-cased email -> user id
  readonly #accounts = new Map<string, Account>(); // by id
  readonly #sessions = new Map<string, Session>(); // by token: every lookup is by token
  readonly #tokensByUser = new Map<string, Set<string>>(); // user id -> tokens, oldest first
  readonly #policy: Required<SessionPolicy>;

  constructor(policy: SessionPolicy) {
    this.#policy = { now: Date.now, ...policy };
  }

  #now(): Date {
    return new Date(this.#policy.now());
  }

  // --- users and accounts ------------------------------------------------------------------

  /** Creates a user; the caller has checked that the email is free. */
  createUser(input: { name: string; email: string; image: string | null }): User {
    const now = this.#now();
    const user: User = {
      id: newId(),
      name: input.name,
      email: input.email.toLowerCase(),
      emailVerified: false,
      image: input.image,
      createdAt: now,
      updatedAt: now,
    };
    this.#users.set(user.id, user);
    this.#userIdsByEmail.set(user.email, user.id);
    return user;
  }

  findUserByEmail(email: string): User | null {
    const id = this.#userIdsByEmail.get(email.toLowerCase());
    return id === undefined ? null : (this.#users.get(id) ?? null);
  }

  findUserById(id: string): User | null {
    return this.#users.get(id) ?? null;
  }

  /** Links the email-and-password account of a user (better-auth's provider id `credential`). */
  linkCredentialAccount(userId: string, passwordHash: string): Account {
    const now = this.#now();
    const account: Account = {
      id: newId(),
      accountId: userId,
      providerId: 'credential',
      userId,
      accessToken: null,
      refreshToken: null,
      idToken: null,
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      scope: null,
      password: passwordHash,
      createdAt: now,
      updatedAt: now,
    };
    this.#accounts.set(account.id, account);
    return account;
  }

  findCredentialAccount(userId: string): Account | null {
    for (const account of this.#accounts.values()) {
      if (account.userId === userId && account.providerId === 'credential') return account;
    }
    return null;
  }

  // --- sessions ------------------------------------------------------------------------------

  createSession(userId: string, client: { ipAddress: string | null; userAgent: string | null }): Session {
    const now = this.#now();
    const session: Session = {
      id: newId(),
      expiresAt: new Date(now.getTime() + this.#policy.expiresIn * 1000),
      token: newSessionToken(),
      createdAt: now,
      updatedAt: now,
      ipAddress: client.ipAddress,
      userAgent: client.userAgent,
      userId,
    };
    let tokens = this.#tokensByUser.get(userId);
    if (tokens === undefined) this.#tokensByUser.set(userId, (tokens = new Set()));
    // Expired sessions go first, so eviction only ever takes a live session when the user is at the cap.
    if (tokens.size >= this.#policy.maxPerUser) for (const t of [...tokens]) this.findSession(t);
    while (tokens.size >= this.#policy.maxPerUser) this.deleteSession(tokens.values().next().value!);
    this.#sessions.set(session.token, session);
    tokens.add(session.token);
    return session;
  }

  /** The live session with this raw token, or null. An expired session is deleted on sight. */
  findSession(token: string): Session | null {
    const session = this.#sessions.get(token);
    if (session === undefined) return null;
    if (session.expiresAt.getTime() <= this.#policy.now()) {
      this.deleteSession(token);
      return null;
    }
    return session;
  }

  /** The user's live sessions, oldest first. */
  listSessions(userId: string): Session[] {
    const live: Session[] = [];
    for (const token of [...(this.#tokensByUser.get(userId) ?? [])]) {
      const session = this.findSession(token);
      if (session !== null) live.push(session);
    }
    return live;
  }

  /**
   * Extends a session when it is due: better-auth's rule is that a session whose last extension is at
   * least `updateAge` seconds old gets a fresh `expiresIn`. Returns the session when it was extended,
   * null when it was not due.
   */
  refreshIfDue(session: Session): Session | null {
    const { expiresIn, updateAge } = this.#policy;
    const lastExtended = session.expiresAt.getTime() - expiresIn * 1000;
    if (lastExtended + updateAge * 1000 > this.#policy.now()) return null;
    const now = this.#now();
    session.expiresAt = new Date(now.getTime() + expiresIn * 1000);
    session.updatedAt = now;
    return session;
  }

  /** Deletes a session; true when it existed. */
  deleteSession(token: string): boolean {
    const session = this.#sessions.get(token);
    if (session === undefined) return false;
    this.#sessions.delete(token);
    this.#tokensByUser.get(session.userId)!.delete(token);
    return true;
  }
}

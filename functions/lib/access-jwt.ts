/**
 * Cloudflare Access application tokens (the Cf-Access-Jwt-Assertion header), checked by the
 * Worker itself on every staff request. Access in front of the hostname is not enough: the same
 * Worker can be reached on another hostname (workers.dev, a custom domain) that Access does not
 * cover, so an absent or invalid token is always refused here.
 *
 * Only RS256 is accepted (never "none", never an HMAC algorithm chosen by the token). Keys come
 * from the team's JWKS at https://<team domain>/cdn-cgi/access/certs and are cached per isolate;
 * an unknown key id triggers one refetch (rate-limited), which is how a key rotation is picked up.
 */

export interface AccessClaims {
  email: string;
  subject: string;
  expiresAt: number;
}

/** Why a token was refused; every reason ends in a 401. */
export type AccessFailure =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'unknown_key'
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'issuer'
  | 'audience'
  | 'no_email'
  | 'keys_unavailable';

export class AccessJwtError extends Error {
  readonly reason: AccessFailure;
  constructor(reason: AccessFailure) {
    super(`access token refused: ${reason}`);
    this.name = 'AccessJwtError';
    this.reason = reason;
  }
}

/** Where verification keys come from: the team's JWKS in production, a fixed set in tests. */
export interface AccessKeySource {
  getKey(kid: string): Promise<CryptoKey | null>;
}

export interface RsaJwk {
  kty: string;
  kid?: string;
  n?: string;
  e?: string;
  alg?: string;
  use?: string;
}

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

async function importRsaKeys(jwks: unknown): Promise<Map<string, CryptoKey>> {
  const keys = new Map<string, CryptoKey>();
  const list = typeof jwks === 'object' && jwks !== null && 'keys' in jwks ? jwks.keys : null;
  if (!Array.isArray(list)) throw new AccessJwtError('keys_unavailable');
  for (const candidate of list as RsaJwk[]) {
    if (candidate.kty !== 'RSA' || typeof candidate.kid !== 'string' || !candidate.n || !candidate.e)
      continue;
    if (candidate.alg !== undefined && candidate.alg !== 'RS256') continue;
    if (candidate.use !== undefined && candidate.use !== 'sig') continue;
    const key = await crypto.subtle.importKey(
      'jwk',
      { kty: 'RSA', n: candidate.n, e: candidate.e, alg: 'RS256', ext: true },
      RS256,
      false,
      ['verify'],
    );
    keys.set(candidate.kid, key);
  }
  return keys;
}

/** A fixed key set (tests, or a pinned configuration). */
export class StaticKeySource implements AccessKeySource {
  private readonly keys: Promise<Map<string, CryptoKey>>;
  constructor(jwks: { keys: RsaJwk[] }) {
    this.keys = importRsaKeys(jwks);
  }
  async getKey(kid: string): Promise<CryptoKey | null> {
    return (await this.keys).get(kid) ?? null;
  }
}

export interface JwksOptions {
  fetcher?: (url: string) => Promise<Response>;
  now?: () => number;
  /** Keys are refreshed in the background of a request after this long. */
  maxAgeMs?: number;
  /** At most one refetch per interval for unknown key ids, so forged kids cannot hammer the JWKS. */
  minRefetchIntervalMs?: number;
}

/** The team's JWKS, fetched on first use and cached; survives rotation by refetching on a new kid. */
export class JwksKeySource implements AccessKeySource {
  private keys = new Map<string, CryptoKey>();
  private fetchedAt = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | null = null;
  private readonly fetcher: (url: string) => Promise<Response>;
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly minRefetchIntervalMs: number;

  readonly url: string;

  constructor(url: string, options: JwksOptions = {}) {
    this.url = url;
    this.fetcher =
      options.fetcher ?? ((target) => fetch(target, { headers: { Accept: 'application/json' } }));
    this.now = options.now ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? 60 * 60 * 1000;
    this.minRefetchIntervalMs = options.minRefetchIntervalMs ?? 30 * 1000;
  }

  private refresh(): Promise<void> {
    // Concurrent requests share one fetch.
    this.inflight ??= (async () => {
      this.lastAttemptAt = this.now();
      try {
        const response = await this.fetcher(this.url);
        if (!response.ok) throw new AccessJwtError('keys_unavailable');
        const fresh = await importRsaKeys(await response.json());
        if (fresh.size === 0) throw new AccessJwtError('keys_unavailable');
        this.keys = fresh;
        this.fetchedAt = this.now();
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }

  async getKey(kid: string): Promise<CryptoKey | null> {
    const canFetch = (): boolean =>
      this.inflight !== null || this.now() - this.lastAttemptAt >= this.minRefetchIntervalMs;
    const stale = this.keys.size === 0 || this.now() - this.fetchedAt > this.maxAgeMs;
    if (stale && canFetch()) {
      try {
        await this.refresh();
      } catch {
        // A failed refresh keeps the keys we have.
      }
    }
    if (this.keys.size === 0) throw new AccessJwtError('keys_unavailable');
    const known = this.keys.get(kid);
    if (known) return known;
    // Unknown key id: perhaps a rotation. Refetch once, unless we fetched a moment ago.
    if (!canFetch()) return null;
    try {
      await this.refresh();
    } catch {
      return null;
    }
    return this.keys.get(kid) ?? null;
  }
}

/** The certs URL of an Access team domain such as "xinglan.cloudflareaccess.com". */
export function accessCertsUrl(teamDomain: string): string {
  return `https://${normalizeTeamDomain(teamDomain)}/cdn-cgi/access/certs`;
}

export function normalizeTeamDomain(teamDomain: string): string {
  return teamDomain
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
}

// One key cache per isolate and team, so keys survive across requests.
const jwksCache = new Map<string, JwksKeySource>();

export function teamKeySource(teamDomain: string): JwksKeySource {
  const url = accessCertsUrl(teamDomain);
  let source = jwksCache.get(url);
  if (!source) {
    source = new JwksKeySource(url);
    jwksCache.set(url, source);
  }
  return source;
}

function base64UrlToBytes(segment: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) throw new AccessJwtError('malformed');
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodeJsonSegment(segment: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(base64UrlToBytes(segment)),
    );
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new AccessJwtError('malformed');
    return value as Record<string, unknown>;
  } catch (error) {
    throw error instanceof AccessJwtError ? error : new AccessJwtError('malformed');
  }
}

export interface VerifyOptions {
  keys: AccessKeySource;
  /** The team domain, e.g. "xinglan.cloudflareaccess.com"; the issuer is its https origin. */
  teamDomain: string;
  /** The Access application's AUD tag. */
  audience: string;
  nowSeconds?: number;
  leewaySeconds?: number;
}

export async function verifyAccessJwt(
  token: string | undefined,
  options: VerifyOptions,
): Promise<AccessClaims> {
  if (!token) throw new AccessJwtError('missing');
  if (token.length > 8192) throw new AccessJwtError('malformed');
  const parts = token.split('.');
  if (parts.length !== 3) throw new AccessJwtError('malformed');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJsonSegment(headerPart);
  if (header.alg !== 'RS256') throw new AccessJwtError('algorithm');
  if (typeof header.kid !== 'string' || header.kid === '') throw new AccessJwtError('unknown_key');
  const payload = decodeJsonSegment(payloadPart);

  const key = await options.keys.getKey(header.kid);
  if (!key) throw new AccessJwtError('unknown_key');
  const signature = base64UrlToBytes(signaturePart);
  const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  if (!(await crypto.subtle.verify(RS256, key, signature, signed))) throw new AccessJwtError('signature');

  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const leeway = options.leewaySeconds ?? 60;
  if (typeof payload.exp !== 'number' || payload.exp <= now - leeway) throw new AccessJwtError('expired');
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now + leeway)) {
    throw new AccessJwtError('not_yet_valid');
  }
  if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat > now + leeway)) {
    throw new AccessJwtError('not_yet_valid');
  }
  if (payload.iss !== `https://${normalizeTeamDomain(options.teamDomain)}`)
    throw new AccessJwtError('issuer');
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (options.audience === '' || !audiences.includes(options.audience)) throw new AccessJwtError('audience');
  if (typeof payload.email !== 'string' || !payload.email.includes('@')) throw new AccessJwtError('no_email');
  return {
    email: payload.email,
    subject: typeof payload.sub === 'string' ? payload.sub : '',
    expiresAt: payload.exp,
  };
}

/**
 * Cloudflare Access application tokens (the Cf-Access-Jwt-Assertion header), checked by the
 * Worker itself on every staff request with `jose`. Access in front of the hostname is not
 * enough: the same Worker can be reached on another hostname (workers.dev, a custom domain) that
 * Access does not cover, so an absent or invalid token is always refused here.
 *
 * Only RS256 is accepted (never "none", never an HMAC algorithm chosen by the token). Keys come
 * from the team's JWKS at https://<team domain>/cdn-cgi/access/certs and are cached per isolate;
 * an unknown key id triggers a refetch at most once per interval, which is how a key rotation is
 * picked up without letting forged key ids hammer the JWKS.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  type FetchImplementation,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';

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
export type AccessKeySet = JWTVerifyGetKey;

/** A fixed key set (tests, or a pinned configuration). */
export function staticKeySet(jwks: JSONWebKeySet): AccessKeySet {
  return createLocalJWKSet(jwks);
}

export interface JwksOptions {
  fetcher?: FetchImplementation;
  /** Keys are fetched again on the first request after this long. */
  maxAgeMs?: number;
  /** At most one refetch per interval for unknown key ids, so forged kids cannot hammer the JWKS. */
  minRefetchIntervalMs?: number;
}

export type RemoteKeySet = AccessKeySet & { readonly url: string };

/** The team's JWKS, fetched on first use and cached; while it cannot be fetched, the last keys serve. */
export function remoteKeySet(url: string, options: JwksOptions = {}): RemoteKeySet {
  const remote = createRemoteJWKSet(new URL(url), {
    cacheMaxAge: options.maxAgeMs ?? 60 * 60 * 1000,
    cooldownDuration: options.minRefetchIntervalMs ?? 30 * 1000,
    ...(options.fetcher ? { [customFetch]: options.fetcher } : {}),
  });
  const keySet: AccessKeySet = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      // A failed refresh keeps the keys we have; a key id they lack stays unknown.
      const lastGood = remote.jwks();
      if (error instanceof errors.JWKSNoMatchingKey || !lastGood) throw error;
      return createLocalJWKSet(lastGood)(header, token);
    }
  };
  return Object.assign(keySet, { url });
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
const teamKeySets = new Map<string, RemoteKeySet>();

export function teamKeySet(teamDomain: string): RemoteKeySet {
  const url = accessCertsUrl(teamDomain);
  let keySet = teamKeySets.get(url);
  if (!keySet) {
    keySet = remoteKeySet(url);
    teamKeySets.set(url, keySet);
  }
  return keySet;
}

function failureOf(error: unknown): AccessFailure {
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'issuer';
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'exp') return 'expired';
    return 'not_yet_valid';
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed';
  if (error instanceof errors.JOSENotSupported) return 'algorithm';
  // The JWKS could not be fetched or read (timeout, HTTP error, invalid set, network).
  return 'keys_unavailable';
}

export interface VerifyOptions {
  keys: AccessKeySet;
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
  if (options.audience === '') throw new AccessJwtError('audience');
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const leeway = options.leewaySeconds ?? 60;
  let payload;
  try {
    ({ payload } = await jwtVerify(token, options.keys, {
      algorithms: ['RS256'],
      issuer: `https://${normalizeTeamDomain(options.teamDomain)}`,
      audience: options.audience,
      requiredClaims: ['exp'],
      clockTolerance: leeway,
      currentDate: new Date(now * 1000),
    }));
  } catch (error) {
    throw new AccessJwtError(failureOf(error));
  }
  // jose checks iat only against a maximum age; a token issued in the future is refused here.
  if (payload.iat !== undefined && payload.iat > now + leeway) throw new AccessJwtError('not_yet_valid');
  const { email, exp } = payload;
  // requiredClaims has made sure of exp; this narrows its type.
  if (exp === undefined) throw new AccessJwtError('expired');
  if (typeof email !== 'string' || !email.includes('@')) throw new AccessJwtError('no_email');
  return { email, subject: payload.sub ?? '', expiresAt: exp };
}

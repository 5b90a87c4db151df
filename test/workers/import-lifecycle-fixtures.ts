import { type Fetch, ORIGIN, postForm, postJson, type Session, staffAppWith } from './staff-fixtures.ts';

/**
 * The import lifecycle from the tests' side: a commit submits; a second person confirms where the
 * kind needs it; a publish writes. The publish goes through the staff app with a stand-in for the
 * build hook at the HTTP boundary (it answers 202), so the publish itself is the real one.
 */

/** The staff apps with a build hook that accepts every rebuild. */
export function publishingApp(): Fetch {
  return staffAppWith({
    deployHookFetch: (_input, init) =>
      Promise.resolve(
        init?.method === 'POST'
          ? Response.json({ state: 'running' }, { status: 202 })
          : Response.json({ state: 'idle', version: null, startedAt: null, finishedAt: null, queued: false }),
      ),
  });
}

export const KINDS_WITH_SECOND_PERSON = new Set(['roster', 'suggestions', 'duty_reports', 'activities']);

/** The console's commit form (submits the checked file). */
export function submitForm(
  app: Fetch,
  session: Session,
  kind: string,
  importId: string,
  confirmRemoval = false,
): Promise<Response> {
  return postForm(app, session, `/staff/imports/${kind}/commit`, {
    importId,
    ...(confirmRemoval ? { confirmRemoval: 'on' } : {}),
  });
}

/** The API's commit (submits the checked file). */
export function submitApi(app: Fetch, session: Session, kind: string, importId: string): Promise<Response> {
  return postJson(app, session, `/api/staff/imports/${kind}/commit`, { importId });
}

export function confirmApi(app: Fetch, session: Session, id: string): Promise<Response> {
  return postJson(app, session, `/api/staff/imports/pending/${id}/confirm`, {});
}

export function withdrawApi(app: Fetch, session: Session, id: string): Promise<Response> {
  return postJson(app, session, `/api/staff/imports/pending/${id}/withdraw`, {});
}

export interface PublishAnswer {
  version: string;
  imports: {
    applied: Array<{
      id: string;
      kind: string;
      sha256: string;
      inserted: number;
      updated: number;
      removed: number;
    }>;
    held: Array<{ id: string; reason: string }>;
  };
}

export function publishApi(app: Fetch, session: Session): Promise<Response> {
  return postJson(app, session, '/api/staff/publish', { summary: '' });
}

/**
 * Submitted by `submitter`, confirmed by `confirmer` where the kind needs it, published by
 * `confirmer`: the first answer that is not a success is returned (the submission's, say), else
 * the publish's.
 */
export async function submitAndPublish(
  app: Fetch,
  people: { submitter: Session; confirmer: Session },
  kind: string,
  importId: string,
): Promise<Response> {
  const submitted = await submitApi(app, people.submitter, kind, importId);
  if (submitted.status !== 202) return submitted;
  if (KINDS_WITH_SECOND_PERSON.has(kind)) {
    // The submitted import keeps the id of its checked file.
    const confirmed = await confirmApi(app, people.confirmer, importId);
    if (confirmed.status !== 200) return confirmed;
  }
  return publishApi(app, people.confirmer);
}

export { ORIGIN };

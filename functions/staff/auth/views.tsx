import { csrfInput, type Html } from '../layout.tsx';
import { type StaffUser, staffRoleLabels } from './schema.ts';

/** The development sign-in page: pick a demo staff member (never offered in production). */
export function devSignInView(token: string, staff: readonly StaffUser[]): Html {
  return (
    <>
      <h1>本地开发登录</h1>
      <p class="warn">
        此页面仅在本机开发环境中提供，用于以演示工作人员身份登录。正式环境通过 Cloudflare Access 认证。
      </p>
      {staff.length === 0 ? (
        <p class="alert" role="alert">
          数据库中还没有工作人员账号。请先载入演示数据。
        </p>
      ) : (
        <form method="post" action="/staff/sign-in" class="stack">
          {csrfInput(token)}
          <label>
            工作人员
            <select name="staffId" required>
              {staff.map((s) => (
                <option value={s.id}>
                  {s.displayName} · {staffRoleLabels[s.role]}
                  {s.stationName ? `（${s.stationName}）` : ''}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">登录</button>
        </form>
      )}
    </>
  );
}

import { z } from 'zod';
import { requiredText } from '../lib/fields.ts';

/** The cookie that remembers the elder-friendly mode (a display preference, no personal data). */
export const ELDER_COOKIE = 'elder';
export const ELDER_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

/**
 * Where to send the reader back to: a path on this site only (no open redirect), checked like every
 * other text (no control characters such as the NUL of `?back=/%00/x`, which reached the Location
 * header and answered 503; no bidi controls). Anything else is a 400 with a zh-CN message.
 */
const backPath = requiredText('返回地址', { min: 1, max: 300 }).pipe(
  z.string().regex(/^\/(?![/\\])\S*$/, '返回地址必须是本站页面。'),
);

export const ElderToggleQuery = z.object({
  on: z.enum(['0', '1'], { message: '参数 on 只能是 0 或 1。' }),
  back: backPath.default('/'),
});
export type ElderToggleQuery = z.infer<typeof ElderToggleQuery>;

/**
 * Larger text, roomier lines and bigger tap targets. Served as /prefs/elder.css by the Worker when
 * the cookie is set (every page links it), and inlined on the static /prefs/elder/ page. Every
 * selector starts with `html:root`, which outranks the site's own rules for the same elements
 * (`.report-section p` included), so it wins wherever the stylesheet sits in the page.
 */
export const ELDER_CSS = `html:root{font-size:125%;line-height:1.9}
html:root body{letter-spacing:.02em}
html:root main{max-width:48rem}
html:root a,html:root button,html:root input,html:root select{min-height:2.75rem}
html:root p,html:root li,html:root dd,html:root td,html:root th{margin-bottom:.6em}
html:root table{font-size:1rem}
html:root .muted,html:root .site-footer,html:root .cite{color:#333}
html:root .elder-off{display:none!important}
html:root .elder-on{display:inline-block!important}
`;

import { z } from 'zod';

/** The cookie that remembers the elder-friendly mode (a display preference, no personal data). */
export const ELDER_COOKIE = 'elder';
export const ELDER_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

/** Where to send the reader back to: a path on this site only (no open redirect). */
const backPath = z
  .string()
  .max(300)
  .regex(/^\/(?![/\\])[^\s]*$/, '返回地址必须是本站页面。');

export const ElderToggleQuery = z.object({
  on: z.enum(['0', '1'], { message: '参数 on 只能是 0 或 1。' }),
  back: backPath.default('/'),
});
export type ElderToggleQuery = z.infer<typeof ElderToggleQuery>;

/**
 * Larger text, roomier lines and bigger tap targets. Served as /prefs/elder.css by the Worker when
 * the cookie is set (every page links it), and inlined on the static /prefs/elder/ page.
 */
export const ELDER_CSS = `:root{font-size:125%;line-height:1.9}
body{letter-spacing:.02em}
main{max-width:48rem}
a,button,input,select{min-height:2.75rem}
p,li,dd,td,th{margin-bottom:.6em}
table{font-size:1rem}
.muted,.site-footer,.cite{color:#333}
html .elder-off{display:none!important}
html .elder-on{display:inline-block!important}
`;

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
 * The 适老化 guidance, measured by test/browser/elder-mode.test.ts: body text at least 1.3 times
 * the normal size (17 px → 22.4 px), a header no taller than a quarter of a phone's first screen,
 * tap targets at least 48 px, and body text at AAA contrast (7:1). Served as /prefs/elder.css by
 * the Worker when the cookie is set (every page links it), and inlined on the static /prefs/elder/
 * page. Every selector starts with `html:root`, which outranks the site's own rules for the same
 * elements (`.report-section p` included), so it wins wherever the stylesheet sits in the page.
 */
export const ELDER_CSS = `html:root{font-size:140%;line-height:1.8;--muted:#333;--ok:#14501f;--warn:#6b3a00;--accent:#8c1216}
html:root body{letter-spacing:.02em}
html:root main{max-width:48rem}
html:root p,html:root li,html:root dd,html:root td,html:root th{margin-bottom:.6em}
html:root table,html:root .badge,html:root .crumbs ol,html:root .cite,html:root .demo-banner{font-size:1rem}
html:root .muted,html:root .site-footer,html:root .cite,html:root .phint{color:#333}
html:root .site-header{font-size:.85rem;padding:.25rem .6rem .1rem}
html:root .site-name{font-size:1rem;line-height:1.3}
html:root .site-header .actions ul{gap:.3rem;margin-top:.25rem;grid-template-columns:1fr 1.2fr 1fr}
html:root .site-header .actions a{min-height:48px;line-height:1.2;padding:.15rem .1rem;letter-spacing:0}
html:root .elder-toggle a,html:root .main-nav a{display:inline-flex;align-items:center;justify-content:center;min-height:48px;min-width:48px;box-sizing:border-box}
html:root .elder-toggle a{padding:0 .5rem}
html:root .vote-banner a{min-height:48px;box-sizing:border-box;padding:.3rem .6rem}
html:root .site-footer li a,html:root .crumbs a,html:root a.title,html:root .button,html:root form.search button,html:root form.search input,html:root summary{display:inline-flex;align-items:center;justify-content:center;min-height:48px;min-width:48px;box-sizing:border-box}
html:root button,html:root input:not([type=checkbox],[type=radio],[type=hidden]),html:root select{min-height:48px}
html:root .pform .pcheck,html:root .pform fieldset label{display:flex;align-items:center;min-height:48px}
html:root .pform input[type=checkbox],html:root .pform input[type=radio]{width:1.5rem;height:1.5rem;flex:none}
@media (max-width:40rem){html:root .main-nav li{display:none}html:root .main-nav li.nav-all{display:list-item}}
html:root .elder-off{display:none!important}
html:root .elder-on{display:inline-flex!important}
`;

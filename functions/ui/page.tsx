import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ELDER_COOKIE, ELDER_CSS } from '../preferences/schema.ts';

/**
 * The frame of the small zh-CN pages the Worker answers plain HTML form posts with (the
 * no-JavaScript path): result pages, the status page and the error page. They stand alone (no site
 * layout, no script) and carry a style nonce so the CSP stays strict. Like the console's views they
 * are hono/jsx, so every value is escaped; only the doctype and the page's own stylesheet are raw.
 */

/** What a page part returns: markup, never a plain string, so user text cannot become markup. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `
:root{font-family:system-ui,-apple-system,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC',sans-serif;
font-size:106.25%;line-height:1.75;color:#1a1a1a;background:#fff}
body{margin:0}header{background:#a4161a;padding:.75rem 1rem}header a{color:#fff;font-weight:700;text-decoration:none}
main{max-width:40rem;margin:0 auto;padding:1rem 1rem 2rem}h1{font-size:1.5rem;line-height:1.35}
a{color:#0b4f9c}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f9a825;outline-offset:2px}
.code{font:700 1.6rem/1.4 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.08em;background:#f5f3ef;border:2px dashed #a4161a;
padding:.75rem 1rem;border-radius:.4rem}.code span{white-space:nowrap;display:inline-block}
.receipt{border:1px solid #d6d2ca;border-radius:.4rem;padding:0 1rem;margin:1rem 0}
@media print{header,.no-print{display:none}.receipt{border:2px solid #000}.code{border-color:#000}a{color:#000}}
.notice{border-left:6px solid #8a4b00;background:#fff6e5;padding:.75rem 1rem}.ok{border-left:6px solid #1d6b2f;background:#eef7ef;padding:.75rem 1rem}
ol.timeline{padding-left:1.25rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{color:#4a4a4a}dd{margin:0}
fieldset{border:1px solid #d6d2ca;border-radius:.4rem;margin:1rem 0}label{display:block;margin:.25rem 0}
textarea{font:inherit;width:100%;box-sizing:border-box;border:2px solid #595959;border-radius:.3rem;padding:.5rem}
button{font:inherit;padding:.5rem 1.25rem;border:0;border-radius:.3rem;background:#a4161a;color:#fff;cursor:pointer}
blockquote{margin:0;padding:.5rem 1rem;background:#f5f3ef;border-radius:.4rem;white-space:pre-wrap}
`;

function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Content-Security-Policy of a Worker-rendered page: nothing but its own nonce-tagged style. */
export function resultPageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    "img-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * The elder-friendly mode follows the reader onto the result pages too: these pages are answers to
 * a post (never cached), so the Worker can read the cookie and inline the larger-text rules.
 */
function pageStyle(c: Context): string {
  return getCookie(c, ELDER_COOKIE) === '1' ? `${STYLE}${ELDER_CSS}` : STYLE;
}

/** The page shell: head with the nonce-tagged style, the way home, and the title as the one h1. */
function ResultPage({
  title,
  nonce,
  css,
  children,
}: {
  title: string;
  nonce: string;
  css: string;
  children: Child;
}): Html {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{title}</title>
          {/* The page's own constant rules (escaping would turn their quotes into entities). */}
          <style nonce={nonce} dangerouslySetInnerHTML={{ __html: css }} />
        </head>
        <body>
          <header>
            <a href="/">返回首页</a>
          </header>
          <main id="main">
            <h1>{title}</h1>
            {children}
          </main>
        </body>
      </html>
    </>
  );
}

/** Renders a result page and answers with it. */
export function respondWithPage(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  body: Child,
): Response | Promise<Response> {
  const nonce = newNonce();
  c.header('Content-Security-Policy', resultPageCsp(nonce));
  // The elder-mode cookie changes the page.
  c.header('Vary', 'Cookie');
  return c.html(
    <ResultPage title={title} nonce={nonce} css={pageStyle(c)}>
      {body}
    </ResultPage>,
    status,
  );
}

/**
 * The console's one stylesheet, served from /staff/assets/console.css (same origin, so the CSP
 * allows it without 'unsafe-inline'). System fonts only; colours meet WCAG AA contrast.
 */
export const consoleCss = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #c9c9c9; --bg: #f6f6f4;
  --accent: #0a4f9e; --danger: #9b1c1c; --ok: #1d5b2b; --warn-bg: #fff4d6; --focus: #b35c00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  color: var(--ink); background: #fff; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible,
summary:focus-visible, [tabindex]:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; }
.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .5rem 1rem;
  border-bottom: 1px solid var(--line); background: var(--bg); }
.brand { margin: 0; font-weight: 700; margin-right: auto; }
.brand a { color: var(--ink); text-decoration: none; }
.who { margin: 0; display: flex; gap: .5rem; flex-wrap: wrap; }
.role { color: var(--muted); }
.nav ul { list-style: none; margin: 0; padding: .25rem 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem;
  border-bottom: 1px solid var(--line); }
.nav a { display: inline-block; padding: .5rem 0; min-height: 44px; }
.nav a[aria-current="page"] { font-weight: 700; color: var(--ink); }
main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.notice { background: #e5f3e8; color: var(--ok); border-left: 4px solid var(--ok); padding: .5rem 1rem; }
.errors, .alert { background: #fdecec; color: var(--danger); border-left: 4px solid var(--danger); padding: .5rem 1rem .5rem 2rem; }
.alert { padding-left: 1rem; }
.hint { color: var(--muted); font-size: .95rem; }
.warn { background: var(--warn-bg); padding: .5rem 1rem; }
.warn .warn { padding: 0; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; min-width: 36rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line);
  min-width: 4.5rem; overflow-wrap: anywhere; }
th { background: var(--bg); }
.overdue { color: var(--danger); font-weight: 700; }
.nowrap { white-space: nowrap; min-width: 0; }
/* A record's key breaks only at its hyphens ("m000 / 9" on a phone was the cell's overflow-wrap). */
td.key { overflow-wrap: normal; }
/* A title keeps a readable width on a phone; the table scrolls sideways instead. */
td.wide { min-width: 10rem; }
.pre { white-space: pre-wrap; overflow-wrap: anywhere; }
form.stack { display: grid; gap: .75rem; max-width: 40rem; margin: .5rem 0 1.5rem; }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: 1rem; }
form.inline { display: inline; }
label { display: grid; gap: .25rem; font-weight: 600; }
label.check { display: flex; gap: .5rem; align-items: center; font-weight: 400; }
input, select, textarea { font: inherit; padding: .45rem .5rem; border: 1px solid #767676; border-radius: 4px;
  min-height: 44px; width: 100%; background: #fff; color: var(--ink); }
input[type="checkbox"] { width: 1.25rem; min-height: 1.25rem; }
textarea { min-height: 8rem; }
button { font: inherit; padding: .5rem 1rem; min-height: 44px; border-radius: 4px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--danger); border-color: var(--danger); }
button.link { background: none; border: 0; color: var(--accent); text-decoration: underline; padding: 0; min-height: 0; }
td button { white-space: nowrap; }
fieldset { border: 1px solid var(--line); border-radius: 4px; padding: .75rem 1rem; }
legend { font-weight: 700; padding: 0 .25rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ol.timeline { padding-left: 1.25rem; }
ol.timeline li { margin-bottom: .5rem; }
.tag { display: inline-block; padding: 0 .4rem; border: 1px solid var(--line); border-radius: 3px; font-size: .9rem; }
.actions { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
.cards { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 4px; padding: .75rem 1rem; }
.big { font-size: 1.6rem; font-weight: 700; }
.pager { display: flex; gap: 1rem; }
.error-summary { border: 4px solid var(--danger); padding: .75rem 1rem; margin: 0 0 1rem; }
.error-summary h2 { margin-top: 0; color: var(--danger); }
.field { display: grid; gap: .25rem; }
.field.has-error { border-left: 4px solid var(--danger); padding-left: .75rem; }
.field-error { color: var(--danger); font-weight: 700; margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
ul.changes { margin: 0; padding-left: 1rem; min-width: 14rem; } /* the table scrolls sideways on a phone instead of breaking values letter by letter */
del { color: var(--muted); }
ins { text-decoration: none; font-weight: 600; }
td.change-actions form + form { margin-top: .5rem; }
@media (max-width: 40rem) {
  main { padding: .75rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dt { margin-top: .5rem; }
  /* Official changes on a phone: each row a card, each cell under its column's name, so a change's
     state and its confirm and withdraw buttons show without scrolling sideways. The head stays for
     screen readers. */
  table.change-table, .change-table tbody, .change-table tr, .change-table td { display: block; min-width: 0; width: auto; }
  .change-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .change-table tr { border: 1px solid var(--line); border-radius: 4px; padding: .5rem .75rem; margin-bottom: .75rem; }
  .change-table td { border: 0; padding: .2rem 0; }
  .change-table td::before { content: attr(data-label) "："; color: var(--muted); font-weight: 600; }
  .change-table td.change-id { font-weight: 700; }
  .change-table td.change-actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; padding-top: .5rem; }
  .change-table td.change-actions::before { content: none; }
  .change-table td.change-actions:empty { display: none; }
  .change-table td.change-actions form + form { margin-top: 0; }
  .change-table td button { white-space: normal; }
  .change-table ul.changes { min-width: 0; }
}
`;

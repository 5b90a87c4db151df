// The search page's only script (CSP allows own files only, no inline script).
// Pagefind's index is fetched only once the reader has typed a query. Each shown result costs a
// download of its excerpt, so results come 10 at a time, the next 10 when the reader asks.
const PAGE_SIZE = 10;
const form = document.getElementById('search-form');
const input = document.getElementById('q');
const statusLine = document.getElementById('search-status');
const list = document.getElementById('search-results');
const more = document.getElementById('search-more');
let pagefind;
let results = [];
let shown = 0;
// A newer query makes the answers of an older one stale.
let generation = 0;

function describe() {
  statusLine.textContent = results.length
    ? `找到 ${results.length} 个结果${results.length > shown ? `，显示前 ${shown} 个` : ''}。`
    : '没有找到相关内容，请换个关键词试试。';
  more.hidden = shown >= results.length;
}

async function showMore(current) {
  const batch = results.slice(shown, shown + PAGE_SIZE);
  const items = await Promise.all(batch.map((r) => r.data()));
  if (current !== generation) return null;
  let first = null;
  for (const item of items) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = item.url;
    a.textContent = item.meta.title || item.url;
    li.append(a);
    if (item.meta.kind) {
      const kind = document.createElement('span');
      kind.className = 'badge';
      kind.textContent = item.meta.kind;
      li.append(' ', kind);
    }
    const p = document.createElement('div');
    p.className = 'muted';
    p.innerHTML = item.excerpt; // Pagefind escapes page text and adds only <mark>.
    li.append(p);
    list.append(li);
    first ??= a;
  }
  shown += batch.length;
  describe();
  return first;
}

async function run(query) {
  const current = ++generation;
  list.replaceChildren();
  results = [];
  shown = 0;
  more.hidden = true;
  if (!query.trim()) {
    statusLine.textContent = '';
    return;
  }
  statusLine.textContent = '正在搜索……';
  try {
    if (!pagefind) {
      pagefind = await import('/pagefind/pagefind.js');
      // On the page itself, not in a Web Worker: the page's CSP allows WebAssembly, a worker's would not.
      await pagefind.options({ noWorker: true, excerptLength: 24 });
    }
    const found = await pagefind.search(query);
    if (current !== generation) return;
    results = found.results;
    await showMore(current);
  } catch {
    if (current === generation) statusLine.textContent = '搜索暂时不可用，请稍后再试，或使用下方的分类入口。';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, '', `?q=${encodeURIComponent(query)}`);
  run(query);
});
more.addEventListener('click', async () => {
  more.disabled = true;
  try {
    // Keyboard and screen-reader users continue from the first newly shown result.
    (await showMore(generation))?.focus();
  } catch {
    statusLine.textContent = '搜索暂时不可用，请稍后再试，或使用下方的分类入口。';
  } finally {
    more.disabled = false;
  }
});
const initial = new URLSearchParams(location.search).get('q');
if (initial) {
  input.value = initial;
  run(initial);
}

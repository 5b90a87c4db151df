// The search page's only script (CSP allows own files only, no inline script).
// Pagefind's index is fetched only once the reader has typed a query.
const form = document.getElementById('search-form');
const input = document.getElementById('q');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
let pagefind;
async function run(query) {
  list.replaceChildren();
  if (!query.trim()) return;
  status.textContent = '正在搜索……';
  try {
    if (!pagefind) {
      pagefind = await import('/pagefind/pagefind.js');
      // On the page itself, not in a Web Worker: the page's CSP allows WebAssembly, a worker's would not.
      await pagefind.options({ noWorker: true });
    }
    const found = await pagefind.search(query);
    const items = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    status.textContent = found.results.length
      ? `找到 ${found.results.length} 个结果${found.results.length > 20 ? '，显示前 20 个' : ''}。`
      : '没有找到相关内容，请换个关键词试试。';
    for (const item of items) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = item.url;
      a.textContent = item.meta.title || item.url;
      const p = document.createElement('div');
      p.className = 'muted';
      p.innerHTML = item.excerpt; // Pagefind escapes page text and adds only <mark>.
      li.append(a, p);
      list.append(li);
    }
  } catch {
    status.textContent = '搜索暂时不可用，请稍后再试，或使用下方的分类入口。';
  }
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, '', `?q=${encodeURIComponent(query)}`);
  run(query);
});
const initial = new URLSearchParams(location.search).get('q');
if (initial) {
  input.value = initial;
  run(initial);
}

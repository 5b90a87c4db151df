// Progressive enhancement for the participation forms (opinion, status lookup, vote, receipt).
// Every form works without this file (plain post, result page from the Worker); with it, forms
// post JSON, show errors next to the fields and show the result on the same page.
// Data from the server is only ever inserted as text, never as HTML.
(() => {
  'use strict';
  if (!window.fetch || !window.FormData) return;

  const $ = (selector, root = document) => root.querySelector(selector);
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props);
    node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
    return node;
  };
  const newKey = () =>
    crypto.randomUUID
      ? crypto.randomUUID()
      : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
          '',
        );
  const beijing = (utc) =>
    utc ? new Date(Date.parse(utc) + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ') : '';
  // A tracking code that wraps only between groups (each group with its dash is one piece).
  const codeBlock = (code) =>
    el(
      'p',
      { className: 'pcode' },
      ...code
        .split('-')
        .map((group, i, all) => el('span', { textContent: i < all.length - 1 ? `${group}-` : group })),
    );
  // The printable receipt is a Worker page reached by a plain post, so it works without this file too.
  const receiptForm = (code) =>
    el(
      'form',
      { method: 'post', action: '/api/opinions/receipt' },
      el('input', { type: 'hidden', name: 'trackingCode', value: code }),
      el('button', { type: 'submit', className: 'psecondary', textContent: '打开可打印的回执' }),
    );
  const NETWORK = { message: '网络连接失败，请检查网络后再试。再次提交不会重复登记。' };

  function clearErrors(form) {
    const summary = $('[data-errors]', form);
    if (summary) {
      summary.hidden = true;
      summary.textContent = '';
    }
    for (const slot of form.querySelectorAll('[data-error-for]')) {
      slot.hidden = true;
      slot.textContent = '';
    }
    for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  }

  function showErrors(form, error) {
    const summary = $('[data-errors]', form);
    const list = el('ul');
    for (const [name, message] of Object.entries(error.fields || {})) {
      const slot = form.querySelector(
        `[data-error-for="${CSS.escape(name.split('.')[0] === 'choices' ? 'choices' : name)}"]`,
      );
      const field = form.elements.namedItem(name.startsWith('choices') ? 'choices' : name);
      const input = field && field.length !== undefined && !field.tagName ? field[0] : field;
      if (slot) {
        slot.textContent = message;
        slot.hidden = false;
      }
      if (input && input.setAttribute) input.setAttribute('aria-invalid', 'true');
      list.append(
        el('li', {}, input && input.id ? el('a', { href: `#${input.id}`, textContent: message }) : message),
      );
    }
    if (!summary) return;
    summary.textContent = '';
    summary.append(el('p', { textContent: error.message || '提交失败，请稍后再试。' }));
    if (list.children.length) summary.append(list);
    summary.hidden = false;
    summary.focus();
  }

  /** Posts JSON; resolves to { status, body } or rejects on a network failure. */
  async function post(url, body, key) {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (key) headers['Idempotency-Key'] = key;
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  function errorOf(answer) {
    const error = (answer.body && answer.body.error) || { message: '服务暂时不可用，请稍后再试。' };
    if (error.code === 'idempotency_key_reused') {
      return { message: '您上一次的提交可能已经成功。为避免重复登记，请刷新页面后再提交。' };
    }
    return error;
  }

  /**
   * Wires a form: JSON body from `toBody`, an Idempotency-Key kept only across network failures
   * (after any answer from the server nothing was stored under it unless it succeeded).
   */
  function enhance(form, { toBody, idempotent, onSuccess, successStatus, review }) {
    form.noValidate = true;
    let key = null;
    const button = $('button[type=submit]', form);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      if (review && !(await review(form))) return;
      if (idempotent) key = key || newKey();
      if (button) button.disabled = true;
      try {
        const answer = await post(form.action, toBody(new FormData(form)), idempotent ? key : null);
        key = null;
        if (answer.status === successStatus && answer.body) onSuccess(answer.body);
        else showErrors(form, errorOf(answer));
        if (answer.status !== successStatus && window.turnstile) window.turnstile.reset();
      } catch {
        showErrors(form, NETWORK);
      } finally {
        if (button) button.disabled = false;
      }
    });
  }

  function showResult(box, ...content) {
    box.textContent = '';
    box.append(...content.filter(Boolean));
    box.hidden = false;
    box.focus();
  }

  // Opinion form.
  const opinionForm = $('[data-opinion-form]');
  if (opinionForm) {
    enhance(opinionForm, {
      idempotent: true,
      successStatus: 201,
      toBody: (data) => ({
        target: { type: data.get('target.type'), id: data.get('target.id') || undefined },
        category: data.get('category') || null,
        title: data.get('title'),
        content: data.get('content'),
        name: data.get('name'),
        contact: data.get('contact'),
        consent: data.get('consent') === 'on',
        allowPublication: data.get('allowPublication') === 'on',
        homepage: data.get('homepage') || undefined,
        turnstileToken: data.get('cf-turnstile-response') || undefined,
      }),
      onSuccess: (receipt) => {
        opinionForm.hidden = true;
        const copied = el('span', { className: 'phint', role: 'status' });
        const copy = el('button', { type: 'button', className: 'pcopy', textContent: '复制查询码' });
        copy.addEventListener('click', async () => {
          try {
            await navigator.clipboard.writeText(receipt.trackingCode);
            copied.textContent = '已复制，可以粘贴到备忘录或短信里保存。';
          } catch {
            copied.textContent = '无法自动复制，请手动抄写或截图保存。';
          }
        });
        const [y, m, d] = receipt.dueOn.split('-').map(Number);
        showResult(
          $('[data-result]'),
          el('h2', { textContent: '意见已提交' }),
          el('p', { textContent: '这是您的查询码，它只显示这一次，请抄写、复制或截图保存：' }),
          codeBlock(receipt.trackingCode),
          el('p', {}, copy, ' ', copied),
          el('p', {
            textContent: `答复期限：${y}年${m}月${d}日前（自收到之日起 ${receipt.answerDays} 日内）作出答复。`,
          }),
          el('p', { textContent: '凭查询码可以随时查看办理进度和答复。' }),
          receiptForm(receipt.trackingCode),
          el('p', {}, el('a', { href: '/opinions/status/', textContent: '查询办理进度' })),
        );
      },
    });
  }

  // Status lookup and feedback.
  const lookupForm = $('[data-lookup-form]');
  if (lookupForm) {
    const box = $('[data-result]');
    const render = (view, notice) => {
      const timeline = el('ol');
      for (const entry of view.timeline) {
        timeline.append(
          el(
            'li',
            {},
            el('b', { textContent: entry.label }),
            ` ${beijing(entry.at)}`,
            entry.text ? el('br') : null,
            entry.text || null,
          ),
        );
      }
      const facts = el('dl', { className: 'facts' });
      const fact = (term, value) =>
        value && facts.append(el('dt', { textContent: term }), el('dd', { textContent: value }));
      fact('标题', view.title);
      fact('对象', view.target.type === 'topic' ? '综合意见' : view.target.name || view.target.id);
      fact('类别', view.category);
      fact('提交时间', beijing(view.receivedAt));
      if (view.dueOn) {
        const [y, m, d] = view.dueOn.split('-').map(Number);
        fact('答复期限', `${y}年${m}月${d}日前`);
      }
      fact('当前状态', view.statusLabel);
      const parts = [
        notice ? el('p', { textContent: notice }) : null,
        el('h2', { textContent: '办理情况' }),
        facts,
        el('h3', { textContent: '办理经过' }),
        timeline,
      ];
      if (view.reply) {
        parts.push(
          el('h3', { textContent: '答复' }),
          el('blockquote', { textContent: view.reply.text, style: 'white-space:pre-wrap' }),
          el('p', { textContent: beijing(view.reply.at) }),
        );
      } else {
        parts.push(el('p', { textContent: '尚未答复。答复后，您可以用同一查询码查看并评价。' }));
      }
      if (view.feedback) {
        const labels = { yes: '已解决', partly: '部分解决', no: '未解决' };
        parts.push(
          el('h3', { textContent: '您的评价' }),
          el('p', {
            textContent:
              labels[view.feedback.resolved] + (view.feedback.comment ? `：${view.feedback.comment}` : ''),
          }),
        );
      }
      if (view.canGiveFeedback) parts.push(feedbackForm(view.trackingCode));
      parts.push(receiptForm(view.trackingCode));
      showResult(box, ...parts);
    };
    const feedbackForm = (trackingCode) => {
      const choice = (value, label) =>
        el('label', { className: 'pcheck' }, el('input', { type: 'radio', name: 'resolved', value }), label);
      const form = el(
        'form',
        { method: 'post', action: '/api/opinions/feedback', className: 'pform' },
        el('div', { className: 'perrors', tabIndex: -1, hidden: true }),
        el(
          'fieldset',
          {},
          el('legend', { textContent: '您的问题解决了吗？' }),
          choice('yes', '已解决'),
          choice('partly', '部分解决'),
          choice('no', '未解决'),
        ),
        el('span', { className: 'perr', hidden: true }),
        el('label', { htmlFor: 'fb-comment', textContent: '补充说明（选填，最多 1000 字）' }),
        el('textarea', { id: 'fb-comment', name: 'comment', rows: 4 }),
        el('p', {}, el('button', { type: 'submit', textContent: '提交评价' })),
      );
      form.querySelector('.perrors').setAttribute('data-errors', '');
      form.querySelector('.perrors').setAttribute('role', 'alert');
      form.querySelector('.perr').setAttribute('data-error-for', 'resolved');
      enhance(form, {
        idempotent: false,
        successStatus: 200,
        toBody: (data) => ({
          trackingCode,
          resolved: data.get('resolved') || undefined,
          comment: data.get('comment'),
        }),
        onSuccess: (view) => render(view, '您的评价已记录，谢谢！'),
      });
      return form;
    };
    enhance(lookupForm, {
      idempotent: false,
      successStatus: 200,
      toBody: (data) => ({ trackingCode: data.get('trackingCode') }),
      onSuccess: (view) => render(view),
    });
  }

  // Vote page: live counts, the ballot and the receipt check.
  const voteForm = $('[data-vote-form]');
  if (voteForm) {
    const year = voteForm.dataset.year;
    const status = $('[data-live-status]');
    let timer = 0;
    const refresh = async () => {
      try {
        const response = await fetch(`/api/rounds/${year}`, {
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
        });
        if (!response.ok) return;
        const round = await response.json();
        for (const c of round.candidates) {
          const slot = document.querySelector(`[data-live-count="${CSS.escape(c.id)}"]`);
          if (slot && typeof c.count === 'number') slot.textContent = c.count.toLocaleString('zh-CN');
        }
        const open = round.phase === 'public_voting';
        if (status) {
          const time = new Date().toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' });
          status.textContent = open
            ? `${round.countsPublic ? `票数为实时数字（${round.verified ? '' : '未经核验，'}更新于 ${time}）。` : '投票期间不公布票数。'}`
            : Date.parse(round.opensAt) > Date.now()
              ? '投票尚未开始。'
              : `投票已经结束${round.countsPublic ? '，下列为最终票数' : ''}。`;
        }
        $('button[type=submit]', voteForm).disabled = !open;
        if (!open) clearInterval(timer);
      } catch {
        // Keep the published numbers when the network is down.
      }
    };
    refresh();
    timer = setInterval(() => document.hidden || refresh(), 30_000);
    // The confirmation step: the chosen projects, listed before the irreversible ballot is cast.
    const review = (form) =>
      new Promise((resolve) => {
        const chosen = [...form.querySelectorAll('input[name=choices]:checked')];
        if (chosen.length === 0) return resolve(true); // the server explains what is missing
        const old = $('[data-review]', form);
        if (old) old.remove();
        const confirm = el('button', { type: 'button', textContent: '确认投票' });
        const change = el('button', { type: 'button', className: 'secondary', textContent: '返回修改' });
        const box = el(
          'div',
          { className: 'preview', tabIndex: -1 },
          el('h2', { textContent: '请确认您的选择' }),
          el('p', { textContent: `您选择了 ${chosen.length} 个项目，选票提交后不能修改：` }),
          el(
            'ol',
            {},
            ...chosen.map((input) => el('li', { textContent: input.closest('label').textContent.trim() })),
          ),
          el('p', {}, confirm, ' ', change),
        );
        box.setAttribute('data-review', '');
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', '确认选择');
        const submit = $('button[type=submit]', form);
        submit.hidden = true;
        submit.parentElement.before(box);
        box.focus();
        const done = (ok) => {
          box.remove();
          submit.hidden = false;
          if (!ok) submit.focus();
          resolve(ok);
        };
        confirm.addEventListener('click', () => done(true));
        change.addEventListener('click', () => done(false));
      });
    enhance(voteForm, {
      idempotent: true,
      successStatus: 201,
      review,
      toBody: (data) => ({
        choices: data.getAll('choices'),
        votingCode: data.get('votingCode') || undefined,
        homepage: data.get('homepage') || undefined,
        turnstileToken: data.get('cf-turnstile-response') || undefined,
      }),
      onSuccess: (answer) => {
        voteForm.hidden = true;
        showResult(
          $('[data-result]'),
          el('h2', { textContent: '投票成功' }),
          el('p', { textContent: '您的选票已经计入。这是您的回执码，它只显示这一次：' }),
          el('p', { className: 'pcode', textContent: answer.receipt }),
          el('p', { textContent: '凭回执码可以在本页下方核对选票是否已计入。' }),
        );
        refresh();
      },
    });
  }

  const verifyForm = $('[data-verify-form]');
  if (verifyForm) {
    const out = $('[data-verify-result]');
    verifyForm.noValidate = true;
    verifyForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const answer = await post(verifyForm.action, { receipt: new FormData(verifyForm).get('receipt') });
        const v = answer.body || {};
        const error = answer.status !== 200 ? errorOf(answer) : null;
        out.textContent = error
          ? (error.fields && error.fields.receipt) || error.message
          : v.counted
            ? `回执码 ${v.receipt} 对应的选票已计入“${v.roundTitle}”（${v.year} 年度投票），计入时间：北京时间 ${beijing(v.castAt)}。`
            : `没有找到回执码 ${v.receipt} 对应的选票，请核对。`;
      } catch {
        out.textContent = NETWORK.message;
      }
      out.hidden = false;
    });
  }
})();

// invsync diagnostics page. Plain JS, no external resources. The read key is kept in sessionStorage (this tab
// only), sent as X-Api-Key, and never written into the page. Data is written with textContent only.
'use strict';

(function () {
  const KEY_STORAGE = 'invsync.diagnostics.key';
  const PAGE_SIZE = 20;
  const MARKS = { PASS: '✔ PASS', FAIL: '✘ FAIL', WARN: '⚠ WARN', SKIP: '– SKIP' };

  const $ = (id) => document.getElementById(id);
  let merchants = [];
  let discrepancyOffset = 0;

  function key() {
    return sessionStorage.getItem(KEY_STORAGE);
  }

  function showMessage(text) {
    const box = $('message');
    box.textContent = text;
    box.hidden = !text;
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // Requests in flight, on <body data-pending>: lets a browser test wait until the page has settled.
  let pending = 0;

  function setPending(change) {
    pending += change;
    document.body.dataset.pending = String(pending);
  }

  async function api(path) {
    setPending(1);
    try {
      return await request(path);
    } finally {
      setPending(-1);
    }
  }

  async function request(path) {
    const response = await fetch(path, { headers: { 'X-Api-Key': key() || '', Accept: 'application/json' } });
    if (response.status === 401) {
      forgetKey();
      throw new ApiError(401, 'The key was not accepted. Enter the read key again.');
    }
    if (!response.ok) {
      let detail = response.status + ' ' + response.statusText;
      try {
        const problem = await response.json();
        if (problem && problem.detail) {
          detail = problem.detail;
        }
      } catch (ignored) {
        // not problem+json: keep the status line
      }
      throw new ApiError(response.status, detail);
    }
    return response.json();
  }

  // ---- key ------------------------------------------------------------------------------------------------

  function showKeyState() {
    const hasKey = !!key();
    $('key-form').hidden = hasKey;
    $('key-status').hidden = !hasKey;
    $('workspace').hidden = !hasKey;
  }

  function forgetKey() {
    sessionStorage.removeItem(KEY_STORAGE);
    showKeyState();
  }

  $('key-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('api-key');
    const value = input.value.trim();
    input.value = '';
    if (!value) {
      return;
    }
    sessionStorage.setItem(KEY_STORAGE, value);
    showMessage('');
    showKeyState();
    await openWorkspace();
  });

  $('forget-key').addEventListener('click', () => {
    forgetKey();
    showMessage('');
  });

  // ---- merchant and cart ----------------------------------------------------------------------------------

  function option(value, label) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  }

  async function loadMerchants(wanted) {
    try {
      merchants = await api('/api/diagnostics/merchants');
    } catch (e) {
      showMessage(e.message);
      return;
    }
    const select = $('merchant');
    const keep = (wanted && wanted.merchant) || select.value;
    select.replaceChildren(...merchants.map((m) => option(m.merchantId,
        m.name ? m.merchantId + ' — ' + m.name : m.merchantId)));
    if (merchants.some((m) => m.merchantId === keep)) {
      select.value = keep;
    }
    fillCarts(wanted && wanted.cart);
    if (!merchants.length) {
      showMessage('No merchants are known yet.');
    }
  }

  function fillCarts(wantedCart) {
    const merchant = merchants.find((m) => m.merchantId === $('merchant').value);
    const carts = merchant ? merchant.carts : [];
    const select = $('cart');
    const keep = wantedCart || select.value;
    select.replaceChildren(...carts.map((c) => option(c.cartId,
        c.cartId + ' (' + c.type + ', ' + c.syncWarehouse + ', ' + c.pushAlias + ')')));
    if (carts.some((c) => c.cartId === keep)) {
      select.value = keep;
    }
    clearResults();
  }

  function clearResults() {
    $('explanation').hidden = true;
    $('discrepancies').querySelector('tbody').replaceChildren();
    $('no-discrepancies').hidden = true;
    $('page-info').textContent = '';
    discrepancyOffset = 0;
    if (!$('discrepancies-view').hidden) {
      loadDiscrepancies();
    }
  }

  $('merchant').addEventListener('change', () => fillCarts());
  $('cart').addEventListener('change', () => clearResults());
  $('reload-merchants').addEventListener('click', () => loadMerchants());

  function selection() {
    const merchant = $('merchant').value;
    const cart = $('cart').value;
    if (!merchant || !cart) {
      showMessage('Pick a merchant and a cart first.');
      return null;
    }
    return { merchant, cart };
  }

  function base(sel) {
    return '/api/diagnostics/merchants/' + encodeURIComponent(sel.merchant) + '/carts/'
        + encodeURIComponent(sel.cart);
  }

  // ---- tabs -----------------------------------------------------------------------------------------------

  function showView(name) {
    const sku = name === 'sku';
    $('sku-view').hidden = !sku;
    $('discrepancies-view').hidden = sku;
    $('tab-sku').classList.toggle('active', sku);
    $('tab-discrepancies').classList.toggle('active', !sku);
    $('tab-sku').setAttribute('aria-pressed', String(sku));
    $('tab-discrepancies').setAttribute('aria-pressed', String(!sku));
  }

  $('tab-sku').addEventListener('click', () => showView('sku'));
  $('tab-discrepancies').addEventListener('click', () => {
    showView('discrepancies');
    discrepancyOffset = 0;
    loadDiscrepancies();
  });

  // ---- one SKU --------------------------------------------------------------------------------------------

  function shown(value) {
    return value === null || value === undefined ? '—' : String(value);
  }

  async function explain(value) {
    const sel = selection();
    if (!sel || !value) {
      return;
    }
    showMessage('');
    let e;
    try {
      e = await api(base(sel) + '/skus/' + encodeURIComponent(value));
    } catch (err) {
      showMessage(err.message);
      return;
    }
    history.replaceState(null, '', '#' + new URLSearchParams({ merchant: sel.merchant, cart: sel.cart, sku: value }));
    renderExplanation(e);
  }

  function renderExplanation(e) {
    const verdict = $('verdict');
    verdict.textContent = e.verdict;
    verdict.className = 'verdict ' + e.verdict;
    $('cause').textContent = e.cause || '';
    $('cause-line').hidden = !e.cause;
    $('matched').textContent = e.matchedBy
        ? '"' + e.aliasValue + '" matched by ' + e.matchedBy + ' → product ' + (e.productIds || []).join(', ')
          + '; the cart pushes under ' + shown(e.aliasName) + '.'
        : '"' + e.aliasValue + '" matches no product of this merchant.';

    const q = e.quantities || {};
    document.querySelectorAll('#quantities [data-quantity]').forEach((li) => {
      li.querySelector('.value').textContent = shown(q[li.dataset.quantity]);
    });
    document.querySelector('[data-quantity-detail="allocated"]').textContent =
        q.allocated === null || q.allocated === undefined ? '' : 'allocated ' + q.allocated;
    document.querySelector('[data-quantity-detail="cartReadAt"]').textContent =
        q.cartReadAt ? 'read from the cart at ' + q.cartReadAt : '';

    const rows = (e.checks || []).map((c) => {
      const tr = document.createElement('tr');
      tr.className = c.status;
      tr.dataset.check = c.id;
      tr.dataset.status = c.status;
      const mark = document.createElement('span');
      mark.className = 'mark ' + c.status;
      mark.textContent = MARKS[c.status] || c.status;
      const cells = [mark, c.id, c.finding || '', c.remedy || ''].map((content) => {
        const td = document.createElement('td');
        if (content instanceof Node) {
          td.appendChild(content);
        } else {
          td.textContent = content;
        }
        return td;
      });
      cells[2].className = 'finding';
      cells[3].className = 'remedy';
      tr.replaceChildren(...cells);
      return tr;
    });
    $('checks').querySelector('tbody').replaceChildren(...rows);
    $('explanation').hidden = false;
  }

  $('sku-form').addEventListener('submit', (event) => {
    event.preventDefault();
    explain($('sku').value.trim());
  });

  // ---- discrepancies --------------------------------------------------------------------------------------

  async function loadDiscrepancies() {
    const sel = selection();
    if (!sel) {
      return;
    }
    showMessage('');
    const params = new URLSearchParams({ sort: $('sort').value, offset: discrepancyOffset, limit: PAGE_SIZE });
    let page;
    try {
      page = await api(base(sel) + '/discrepancies?' + params);
    } catch (err) {
      showMessage(err.message);
      return;
    }
    const rows = page.items.map((d) => {
      const tr = document.createElement('tr');
      tr.tabIndex = 0;
      tr.dataset.aliasValue = d.aliasValue;
      tr.dataset.cause = d.cause;
      const q = d.quantities || {};
      [d.aliasValue, d.cause, shown(q.expected), shown(q.cart), d.lastSync, d.finding].forEach((text) => {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      });
      const open = () => {
        $('sku').value = d.aliasValue;
        showView('sku');
        explain(d.aliasValue);
      };
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          open();
        }
      });
      return tr;
    });
    $('discrepancies').querySelector('tbody').replaceChildren(...rows);
    $('no-discrepancies').hidden = page.total > 0;
    const first = page.total === 0 ? 0 : page.offset + 1;
    $('page-info').textContent = first + '–' + (page.offset + page.items.length) + ' of ' + page.total;
    $('prev-page').disabled = page.offset === 0;
    $('next-page').disabled = page.offset + page.items.length >= page.total;
  }

  $('sort').addEventListener('change', () => {
    discrepancyOffset = 0;
    loadDiscrepancies();
  });
  $('refresh-discrepancies').addEventListener('click', () => loadDiscrepancies());
  $('prev-page').addEventListener('click', () => {
    discrepancyOffset = Math.max(0, discrepancyOffset - PAGE_SIZE);
    loadDiscrepancies();
  });
  $('next-page').addEventListener('click', () => {
    discrepancyOffset += PAGE_SIZE;
    loadDiscrepancies();
  });

  // ---- start ----------------------------------------------------------------------------------------------

  async function openWorkspace() {
    // a link such as #merchant=m1&cart=c1&sku=A-1 opens that explanation (the key is never part of it)
    const wanted = Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
    await loadMerchants(wanted);
    if (wanted.sku) {
      $('sku').value = wanted.sku;
      explain(wanted.sku);
    }
  }

  setPending(0);
  showKeyState();
  if (key()) {
    openWorkspace();
  }
}());

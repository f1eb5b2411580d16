// invsync diagnostics page. Plain JS, no external resources. The read key is kept in sessionStorage (this tab
// only), sent as X-Api-Key, and never written into the page. Data is written with textContent only.
'use strict';

(function () {
  const KEY_STORAGE = 'invsync.diagnostics.key';
  const PAGE_SIZE = 20;
  const HISTORY_PAGE = 20;
  const CSV_ROWS = 1000;
  const MARKS = { PASS: '✔ PASS', FAIL: '✘ FAIL', WARN: '⚠ WARN', SKIP: '– SKIP' };
  const VIEWS = ['overview', 'discrepancies', 'sku'];
  const SVG = 'http://www.w3.org/2000/svg';

  const $ = (id) => document.getElementById(id);
  let merchants = [];
  let discrepancyOffset = 0;
  let historyValue = null;
  let historyBefore = null;

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

  async function request(path, accept) {
    const response = await fetch(path, { headers: { 'X-Api-Key': key() || '', Accept: accept || 'application/json' } });
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
    return accept ? response : response.json();
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
    $('timeline').replaceChildren();
    $('older').hidden = true;
    $('no-history').hidden = true;
    historyValue = null;
    $('discrepancies').querySelector('tbody').replaceChildren();
    $('no-discrepancies').hidden = true;
    $('page-info').textContent = '';
    $('cause-filter').value = '';
    discrepancyOffset = 0;
    clearOverview();
    if (!$('discrepancies-view').hidden) {
      loadDiscrepancies();
    }
    if (!$('overview-view').hidden) {
      loadOverview();
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
    VIEWS.forEach((view) => {
      const shown = view === name;
      $(view + '-view').hidden = !shown;
      $('tab-' + view).classList.toggle('active', shown);
      $('tab-' + view).setAttribute('aria-pressed', String(shown));
    });
  }

  $('tab-overview').addEventListener('click', () => {
    showView('overview');
    loadOverview();
  });
  $('tab-sku').addEventListener('click', () => showView('sku'));
  $('tab-discrepancies').addEventListener('click', () => openDiscrepancies());

  /** The report, of one cause or of all (null keeps the cause chosen). */
  function openDiscrepancies(cause) {
    showView('discrepancies');
    if (cause !== undefined && cause !== null) {
      causeOption(cause);
      $('cause-filter').value = cause;
    }
    discrepancyOffset = 0;
    loadDiscrepancies();
  }

  /**
   * Answers come back in any order: one asked for a merchant, cart or SKU that is no longer the one picked is
   * dropped. Each view counts its requests; only the last one's answer is shown.
   */
  const latest = {};

  function ticket(view) {
    latest[view] = (latest[view] || 0) + 1;
    const mine = latest[view];
    return () => latest[view] === mine;
  }

  // ---- charts (plain SVG; each has a role="img" label with its numbers, and a table beside it) --------------

  function svg(name, attributes, text) {
    const element = document.createElementNS(SVG, name);
    Object.entries(attributes || {}).forEach(([attribute, value]) => element.setAttribute(attribute, String(value)));
    if (text !== undefined) {
      element.textContent = text;
    }
    return element;
  }

  /**
   * Horizontal bars, one per row {label, count, className, onClick}: the label on the left, the count at the end
   * of the bar. Bars are scaled to the largest count.
   */
  function barChart(label, rows) {
    const rowHeight = 28;
    const labelWidth = 230;
    const barSpace = 330;
    const width = labelWidth + barSpace + 60;
    const height = Math.max(1, rows.length) * rowHeight + 8;
    const max = Math.max(1, ...rows.map((r) => r.count));
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': label,
      class: 'bars', width: '100%' });
    chart.appendChild(svg('title', {}, label));
    rows.forEach((row, i) => {
      const y = 4 + i * rowHeight;
      const group = svg('g', { class: 'bar ' + (row.className || ''), 'data-label': row.label,
        'data-count': row.count });
      group.appendChild(svg('text', { x: labelWidth - 8, y: y + rowHeight / 2 + 5, 'text-anchor': 'end',
        class: 'bar-label' }, row.label));
      const barWidth = row.count === 0 ? 0 : Math.max(2, Math.round(barSpace * row.count / max));
      group.appendChild(svg('rect', { x: labelWidth, y: y + 3, width: barWidth, height: rowHeight - 8, rx: 2 }));
      group.appendChild(svg('text', { x: labelWidth + barWidth + 6, y: y + rowHeight / 2 + 5, class: 'bar-count' },
          String(row.count)));
      if (row.onClick) {
        group.classList.add('clickable');
        group.addEventListener('click', row.onClick);
      }
      chart.appendChild(group);
    });
    return chart;
  }

  /** "120 ms", "1.5 s", "2.5 min", "3.2 h", "1.0 d". */
  function duration(seconds) {
    if (seconds === null || seconds === undefined) {
      return '∞';
    }
    if (seconds < 1) {
      return Math.round(seconds * 1000) + ' ms';
    }
    if (seconds < 60) {
      return (Math.round(seconds * 10) / 10) + ' s';
    }
    if (seconds < 3600) {
      return (Math.round(seconds / 6) / 10) + ' min';
    }
    if (seconds < 86400) {
      return (Math.round(seconds / 360) / 10) + ' h';
    }
    return (Math.round(seconds / 8640) / 10) + ' d';
  }

  /**
   * The lag histogram: one column per bucket from the first with a push to the last (equal widths: the buckets
   * grow about geometrically, so the axis reads as a log scale), each as tall as its count.
   */
  function lagChart(label, buckets) {
    const left = 40;
    const bottom = 40;
    const plotHeight = 150;
    const column = Math.max(6, Math.min(28, Math.floor(600 / Math.max(1, buckets.length))));
    const width = left + column * buckets.length + 20;
    const height = plotHeight + bottom + 10;
    const max = Math.max(1, ...buckets.map((b) => b.count));
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': label,
      class: 'histogram', width: '100%' });
    chart.appendChild(svg('title', {}, label));
    chart.appendChild(svg('line', { x1: left, y1: 10 + plotHeight, x2: width - 10, y2: 10 + plotHeight,
      class: 'axis' }));
    chart.appendChild(svg('line', { x1: left, y1: 10, x2: left, y2: 10 + plotHeight, class: 'axis' }));
    chart.appendChild(svg('text', { x: left - 4, y: 16, 'text-anchor': 'end', class: 'tick' }, String(max)));
    chart.appendChild(svg('text', { x: left - 4, y: 10 + plotHeight, 'text-anchor': 'end', class: 'tick' }, '0'));
    const every = Math.max(1, Math.ceil(buckets.length / 8));
    buckets.forEach((bucket, i) => {
      const x = left + i * column;
      const h = bucket.count === 0 ? 0 : Math.max(2, Math.round(plotHeight * bucket.count / max));
      const group = svg('g', { class: 'bucket', 'data-from': bucket.fromSeconds,
        'data-to': bucket.toSeconds === null ? '' : bucket.toSeconds, 'data-count': bucket.count });
      const rect = svg('rect', { x: x + 1, y: 10 + plotHeight - h, width: column - 2, height: h });
      rect.appendChild(svg('title', {}, duration(bucket.fromSeconds) + ' – ' + duration(bucket.toSeconds) + ': '
          + bucket.count));
      group.appendChild(rect);
      if (i % every === 0 || i === buckets.length - 1) {
        group.appendChild(svg('text', { x: x + column, y: 10 + plotHeight + 14, 'text-anchor': 'end',
          class: 'tick' }, '≤' + duration(bucket.toSeconds)));
      }
      chart.appendChild(group);
    });
    chart.appendChild(svg('text', { x: left, y: height - 4, class: 'tick' }, 'lag (bucket upper bound) →'));
    return chart;
  }

  function cells(tr, values) {
    values.forEach((value) => {
      const td = document.createElement('td');
      if (value instanceof Node) {
        td.appendChild(value);
      } else {
        td.textContent = value === null || value === undefined ? '—' : String(value);
      }
      tr.appendChild(td);
    });
    return tr;
  }

  function facts(dl, entries) {
    dl.replaceChildren();
    entries.forEach(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value === null || value === undefined ? '—' : String(value);
      dd.dataset.fact = term;
      dl.append(dt, dd);
    });
  }

  // ---- overview -------------------------------------------------------------------------------------------

  function clearOverview() {
    ['verdict-chart', 'cause-chart', 'lag-chart'].forEach((id) => $(id).replaceChildren());
    ['verdict-table', 'cause-table', 'lag-table', 'dlq-counts', 'dlq-recent']
        .forEach((id) => $(id).querySelector('tbody').replaceChildren());
    ['values-total', 'lag-summary', 'run-status', 'dlq-summary', 'overview-at'].forEach((id) => {
      $(id).textContent = '';
    });
    facts($('run'), []);
    facts($('reconciliation'), []);
    $('run-progress').hidden = true;
    $('no-causes').hidden = true;
    delete $('overview-view').dataset.cart;
  }

  async function loadOverview() {
    const sel = selection();
    if (!sel) {
      return;
    }
    showMessage('');
    const current = ticket('overview');
    let overview;
    let deadLetters;
    try {
      [overview, deadLetters] = await Promise.all([api(base(sel) + '/overview'),
        api('/api/diagnostics/dead-letters')]);
    } catch (err) {
      if (current()) {
        showMessage(err.message);
      }
      return;
    }
    if (!current()) {
      return;
    }
    renderOverview(overview);
    renderDeadLetters(sel, deadLetters);
    $('overview-view').dataset.cart = sel.cart;
  }

  function renderOverview(o) {
    $('overview-at').textContent = 'as of ' + o.at;
    $('values-total').textContent = o.values + ' alias values in this cart'
        + (o.inventoryUploadEnabled ? '' : ' (inventory upload is off)')
        + (o.inventorySync ? '; merchant inventory sync ' + o.inventorySync : '') + '.';

    const verdictRows = o.byVerdict.map((v) => ({ label: v.name === 'IN_SYNC_OR_PENDING' ? 'in sync or pending'
      : 'NOT_SYNCED', count: v.count, className: v.name }));
    $('verdict-chart').replaceChildren(barChart('Values by verdict: ' + verdictRows.map((r) => r.label + ' '
        + r.count).join(', '), verdictRows));
    $('verdict-table').querySelector('tbody').replaceChildren(...verdictRows.map((r) =>
      cells(document.createElement('tr'), [r.label, r.count])));

    const causeRows = o.byCause.map((c) => ({ label: c.name, count: c.count, className: 'cause',
      onClick: () => openDiscrepancies(c.name) }));
    $('cause-chart').replaceChildren(...(causeRows.length ? [barChart('Not synced values by cause: '
        + causeRows.map((r) => r.label + ' ' + r.count).join(', '), causeRows)] : []));
    $('cause-table').querySelector('tbody').replaceChildren(...o.byCause.map((c) => {
      const list = document.createElement('button');
      list.type = 'button';
      list.textContent = 'List';
      list.setAttribute('aria-label', 'List the ' + c.name + ' values');
      list.addEventListener('click', () => openDiscrepancies(c.name));
      const tr = cells(document.createElement('tr'), [c.name, c.count, list]);
      tr.dataset.cause = c.name;
      return tr;
    }));
    $('no-causes').hidden = causeRows.length > 0;
    o.byCause.forEach((c) => causeOption(c.name));

    renderLag(o.syncLag);
    renderRun(o.lastRun);
    const r = o.reconciliation;
    facts($('reconciliation'), [
      ['values read from the cart', r.valuesRead + ' of ' + o.values],
      ['with a quantity', r.withQuantity],
      ['newest read', r.newestReadAt || 'never'],
      ['oldest read', r.oldestReadAt || 'never'],
      ['QUANTITY_MATCH (cart differs)', r.quantityMismatches]]);
    $('show-quantity-mismatches').disabled = r.quantityMismatches === 0;
  }

  function renderLag(lag) {
    const percentiles = (lag.percentiles || []).map((p) => 'p' + Math.round(p.quantile * 100) + ' ≤ '
        + duration(p.atMostSeconds));
    if (!lag.count) {
      $('lag-summary').textContent = 'No confirmed push of this cart has been timed by this instance yet.';
      $('lag-chart').replaceChildren();
      $('lag-table').querySelector('tbody').replaceChildren();
      return;
    }
    const summary = lag.count + (lag.count === 1 ? ' push' : ' pushes') + ', mean ' + duration(lag.meanSeconds)
        + '; ' + percentiles.join(', ');
    $('lag-summary').textContent = summary;
    const filled = lag.buckets.filter((b) => b.count > 0);
    $('lag-chart').replaceChildren(lagChart('Sync lag: ' + summary + '. Buckets: ' + filled.map((b) =>
      duration(b.fromSeconds) + ' to ' + duration(b.toSeconds) + ': ' + b.count).join(', '), lag.buckets));
    $('lag-table').querySelector('tbody').replaceChildren(...filled.map((b) =>
      cells(document.createElement('tr'), [duration(b.fromSeconds), duration(b.toSeconds), b.count])));
  }

  function renderRun(run) {
    if (!run) {
      $('run-status').textContent = 'never: no inventory run is known for this merchant.';
      $('run-progress').hidden = true;
      facts($('run'), []);
      return;
    }
    const status = document.createElement('strong');
    status.className = 'run-status ' + run.status;
    status.textContent = run.status;
    $('run-status').replaceChildren(status, document.createTextNode(run.status === 'RUNNING'
      ? ' since ' + run.startedAt + ': ' + run.read + ' records read so far'
      : ' at ' + (run.finishedAt || run.startedAt)));
    $('run-progress').hidden = run.status !== 'RUNNING';
    facts($('run'), [['run', run.runId], ['trigger', run.trigger], ['started', run.startedAt],
      ['finished', run.finishedAt || (run.status === 'RUNNING' ? 'still running' : null)], ['read', run.read],
      ['accepted', run.accepted], ['rejected', run.rejected]].concat(run.error ? [['error', run.error]] : []));
  }

  /** Whose record a dead letter is, as far as the page can tell: its key leads with the merchant or a cart. */
  function ofMerchant(sel, letter) {
    if (!letter.key) {
      return false;
    }
    const owner = letter.key.split('/')[0];
    const merchant = merchants.find((m) => m.merchantId === sel.merchant);
    return owner === sel.merchant || (!!merchant && merchant.carts.some((c) => c.cartId === owner));
  }

  function renderDeadLetters(sel, d) {
    const counts = Object.entries(d.counts || {}).filter(([, count]) => count > 0);
    $('dlq-counts').hidden = counts.length === 0;
    $('dlq-counts').querySelector('tbody').replaceChildren(...counts.map(([topic, count]) =>
      cells(document.createElement('tr'), [topic, count])));
    const own = (d.items || []).filter((letter) => ofMerchant(sel, letter));
    const shownLetters = own.slice(0, 10);
    $('dlq-recent').hidden = shownLetters.length === 0;
    $('dlq-recent').querySelector('tbody').replaceChildren(...shownLetters.map((letter) => {
      const tr = cells(document.createElement('tr'), [letter.failedAt, letter.topic, letter.key,
        letter.errorMessage || letter.errorClass]);
      tr.dataset.topic = letter.topic;
      return tr;
    }));
    const total = counts.reduce((sum, [, count]) => sum + count, 0);
    $('dlq-summary').textContent = (d.counts ? total + ' dead letters since this instance started, on every '
        + 'topic; ' : '') + (own.length ? own.length + ' of the kept ones are this merchant\'s'
        + (own.length > shownLetters.length ? ' (the newest ' + shownLetters.length + ' below)' : ' (below)') + '.'
      : 'none of the kept ones is this merchant\'s.');
  }

  $('refresh-overview').addEventListener('click', () => loadOverview());
  $('show-quantity-mismatches').addEventListener('click', () => openDiscrepancies('QUANTITY_MATCH'));

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
    const current = ticket('sku');
    let e;
    try {
      e = await api(base(sel) + '/skus/' + encodeURIComponent(value));
    } catch (err) {
      if (current()) {
        showMessage(err.message);
      }
      return;
    }
    if (!current()) {
      return;
    }
    history.replaceState(null, '', '#' + new URLSearchParams({ merchant: sel.merchant, cart: sel.cart, sku: value }));
    renderExplanation(e);
    historyValue = { sel, value };
    historyBefore = null;
    $('timeline').replaceChildren();
    await loadHistory(current);
  }

  // ---- one SKU's history: a timeline, newest first ---------------------------------------------------------

  const KINDS = { LEVEL: 'Level received', PLANNED: 'Planned', PUSH: 'Pushed', CART_READ: 'Cart read' };

  async function loadHistory(current) {
    if (!historyValue) {
      return;
    }
    const params = new URLSearchParams({ limit: HISTORY_PAGE });
    if (historyBefore) {
      params.set('before', historyBefore);
    }
    let page;
    try {
      page = await api(base(historyValue.sel) + '/skus/' + encodeURIComponent(historyValue.value) + '/history?'
          + params);
    } catch (err) {
      if (current()) {
        showMessage(err.message);
      }
      return;
    }
    if (!current()) {
      return;
    }
    $('timeline').append(...page.items.map(timelineItem));
    historyBefore = page.before;
    $('older').hidden = !page.before;
    $('no-history').hidden = $('timeline').children.length > 0;
  }

  function line(className, text) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    return span;
  }

  /** What one event says, in words and numbers: the kind, the quantity, the outcome, and its own details. */
  function timelineItem(event) {
    const d = event.details || {};
    const li = document.createElement('li');
    li.className = 'event ' + event.kind;
    li.dataset.kind = event.kind;
    li.dataset.at = event.at;
    if (event.outcome) {
      li.dataset.outcome = event.outcome;
    }
    if (event.quantity !== null && event.quantity !== undefined) {
      li.dataset.quantity = event.quantity;
    }
    const time = document.createElement('time');
    time.dateTime = event.at;
    time.textContent = event.at;
    const what = [];
    const more = [];
    if (event.kind === 'LEVEL') {
      what.push(shown(event.quantity) + ' available' + (event.productId ? ' for product ' + event.productId : ''));
      Object.entries(d.warehouses || {}).forEach(([warehouse, w]) => more.push(warehouse + ': on hand ' + w.onHand
          + ', allocated ' + w.allocated + ', available ' + w.available + ' (observed ' + w.observedAt + ')'));
    } else if (event.kind === 'PLANNED' || event.kind === 'PUSH') {
      what.push(shown(event.quantity) + ' — ' + event.outcome);
      if (event.reason) {
        more.push('reason: ' + event.reason);
      }
      if (d.available !== undefined) {
        more.push('from available ' + d.available + ', floor ' + shown(d.minimumInventoryLevel));
      }
      if (d.syncedAt) {
        more.push('confirmed ' + d.syncedAt);
      }
    } else if (event.kind === 'CART_READ') {
      what.push(event.quantity === null || event.quantity === undefined ? 'no quantity'
        : 'the cart holds ' + event.quantity);
      more.push((d.exists === false ? 'not in the cart' : 'in the cart') + ', inventory tracking '
          + (d.inventoryTracked === false ? 'off' : 'on'));
      if (d.lastConfirmed !== undefined) {
        more.push('invsync had last confirmed ' + d.lastConfirmed);
      }
    }
    li.append(time, line('kind', KINDS[event.kind] || event.kind), line('what', what.join(' ')));
    if (d.drift === true) {
      li.dataset.drift = 'true';
      li.appendChild(line('drift-mark', '⚠ drift: the cart held ' + event.quantity + ', invsync had confirmed '
          + d.lastConfirmed));
    }
    more.forEach((text) => li.appendChild(line('detail', text)));
    return li;
  }

  $('older').addEventListener('click', () => loadHistory(ticket('sku')));

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

    $('locations').querySelector('tbody').replaceChildren(...(e.locations || []).map(locationRow));

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

  const STEP_NAMES = { BUFFER: 'buffer', PERCENT: '%', MAXIMUM: 'maximum', FIXED: 'fixed quantity' };

  /** One cart-side location: its warehouses with their available, and each rule step with its numbers. */
  function locationRow(l) {
    const tr = document.createElement('tr');
    tr.dataset.location = l.location;
    const fed = (l.warehouses || []).map((w) => {
      const available = (l.availableByWarehouse || {})[w];
      return w === 'ALL' ? 'ALL (' + shown(l.available) + ')' : w + ' ' + (available === undefined ? '–' : available);
    }).join(', ');
    const steps = [];
    if (l.inFlightOrders) {
      steps.push('in-flight orders −' + l.inFlightOrders);
    }
    if (l.override) {
      steps.push('override "' + l.override + '"');
    }
    (l.steps || []).forEach((step) => {
      steps.push(step.kind === 'PERCENT'
        ? step.setting + '%: ' + step.before + ' → ' + step.after
        : STEP_NAMES[step.kind] + ' ' + step.setting + ': ' + step.before + ' → ' + step.after);
    });
    if (l.minimumInventoryLevel) {
      steps.push('floor ' + l.minimumInventoryLevel);
    }
    const standing = l.verdict === 'NOT_SYNCED' ? 'NOT SYNCED (' + l.cause + ')' : (l.verdict || '').replace('_', ' ');
    const cells = [l.location, fed, steps.length ? steps.join('; ') : 'no rule', shown(l.expected), shown(l.cart),
      standing].map((text) => {
      const td = document.createElement('td');
      td.textContent = text;
      return td;
    });
    tr.replaceChildren(...cells);
    return tr;
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
    const filter = { sort: $('sort').value };
    if ($('cause-filter').value) {
      filter.cause = $('cause-filter').value;
    }
    const params = new URLSearchParams({ ...filter, offset: discrepancyOffset, limit: PAGE_SIZE });
    const csv = base(sel) + '/discrepancies?' + new URLSearchParams({ ...filter, format: 'csv', limit: CSV_ROWS });
    $('download-csv').href = csv;
    $('download-csv').download = 'discrepancies-' + sel.merchant + '-' + sel.cart + '.csv';
    const current = ticket('discrepancies');
    let page;
    try {
      page = await api(base(sel) + '/discrepancies?' + params);
    } catch (err) {
      if (current()) {
        showMessage(err.message);
      }
      return;
    }
    if (!current()) {
      return;
    }
    const rows = page.items.map((d) => {
      const tr = document.createElement('tr');
      tr.tabIndex = 0;
      tr.dataset.aliasValue = d.aliasValue;
      tr.dataset.cause = d.cause;
      tr.dataset.drift = String(!!d.drift);
      const q = d.quantities || {};
      const cause = document.createDocumentFragment();
      cause.append(d.cause);
      if (d.drift) {
        cause.append(' ', line('drift-mark', '⚠ drift'));
      }
      cells(tr, [d.aliasValue, cause, shown(q.expected), shown(q.cart), q.cartReadAt || 'never read', d.lastSync,
        d.finding]);
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
    $('csv-more').textContent = page.total > CSV_ROWS ? ' This report has ' + page.total + ' rows: the download holds the '
        + 'first ' + CSV_ROWS + '.' : '';
    const first = page.total === 0 ? 0 : page.offset + 1;
    $('page-info').textContent = first + '–' + (page.offset + page.items.length) + ' of ' + page.total;
    $('prev-page').disabled = page.offset === 0;
    $('next-page').disabled = page.offset + page.items.length >= page.total;
  }

  /** The cause filter offers the causes seen in the overview, and any cause a link asked for. */
  function causeOption(cause) {
    const select = $('cause-filter');
    if (![...select.options].some((o) => o.value === cause)) {
      select.appendChild(option(cause, cause));
    }
  }

  /**
   * A link cannot carry the key, so the CSV is fetched with it and handed to the browser as a download; the link's
   * own address stays the endpoint's (for curl, or to copy).
   */
  async function downloadCsv(event) {
    event.preventDefault();
    const link = $('download-csv');
    let response;
    try {
      setPending(1);
      response = await request(link.getAttribute('href'), 'text/csv');
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const save = document.createElement('a');
      save.href = url;
      save.download = link.download;
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (err) {
      showMessage(err.message);
    } finally {
      setPending(-1);
    }
  }

  $('download-csv').addEventListener('click', downloadCsv);
  $('sort').addEventListener('change', () => {
    discrepancyOffset = 0;
    loadDiscrepancies();
  });
  $('cause-filter').addEventListener('change', () => {
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
      showView('sku');
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

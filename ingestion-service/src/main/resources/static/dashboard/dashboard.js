// The docpipe dashboard: plain JavaScript against the documented API, with Chart.js for the
// charts. The token comes from the form (kept for this tab only) or from the page's fragment,
// #token=...&batch=..., which local runs print; the fragment never reaches the server.
(function () {
  'use strict';
  const state = { token: null, batch: null, charts: {}, timer: null };
  const $ = (selector) => document.querySelector(selector);
  const fragment = new URLSearchParams(location.hash.slice(1));
  state.token = fragment.get('token') || sessionStorage.getItem('docpipe-token');
  state.batch = fragment.get('batch');

  async function api(path, options = {}) {
    const response = await fetch(path, Object.assign({}, options, {
      headers: Object.assign({ Authorization: 'Bearer ' + state.token }, options.headers || {}),
    }));
    if (response.status === 401) throw new Error('the token was refused: enter a valid API token');
    if (response.status === 403) throw new Error('this token may only read');
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || ('HTTP ' + response.status));
    }
    return response.json();
  }

  function message(text) {
    $('#message').textContent = text || '';
  }

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function fill(tbody, rows, render) {
    tbody.replaceChildren();
    rows.forEach((item) => {
      const tr = document.createElement('tr');
      render(tr, item);
      tbody.appendChild(tr);
    });
  }

  function eta(view) {
    const perSecond = view.throughput.pagesPerSecond;
    const left = view.pages.total - view.pages.inferred - view.pages.failed;
    if (!perSecond || left <= 0 || !view.documents.listingComplete) return '';
    const seconds = Math.round(left / perSecond);
    return ', about ' + (seconds >= 120 ? Math.round(seconds / 60) + ' min' : seconds + ' s') + ' left';
  }

  async function refreshBatches() {
    const batches = await api('/batches?limit=50');
    fill($('#batches tbody'), batches, (tr, b) => {
      tr.dataset.batch = b.id;
      cell(tr, b.id.slice(0, 8));
      cell(tr, b.status);
      cell(tr, `${b.documents.completed + b.documents.failed} / ${b.documents.listed}`);
      cell(tr, `${b.pages.inferred} / ${b.pages.total}`);
      cell(tr, b.throughput.pagesPerSecond);
      cell(tr, new Date(b.createdAt).toLocaleString());
      tr.addEventListener('click', () => { state.batch = b.id; refresh(); });
    });
    if (!state.batch && batches.length > 0) state.batch = batches[0].id;
  }

  function chart(id, config) {
    const existing = state.charts[id];
    if (existing) {
      existing.data = config.data;
      existing.update('none');
      return existing;
    }
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options || {});
    state.charts[id] = new Chart(document.getElementById(id), config);
    return state.charts[id];
  }

  async function refreshBatch() {
    if (!state.batch) return;
    const [view, report] = await Promise.all([api('/batches/' + state.batch), api('/batches/' + state.batch + '/report')]);
    $('#batch-section').hidden = false;
    $('#batch-id').textContent = view.id;
    $('#batch-status').textContent = view.status;
    const done = view.pages.inferred + view.pages.failed;
    const share = view.pages.total > 0 ? Math.min(100, (100 * done) / view.pages.total) : 0;
    $('#progress-bar').style.width = share.toFixed(1) + '%';
    $('#progress-text').textContent = `${view.pages.inferred} of ${view.pages.total} pages inferred, ${view.pages.failed} failed; `
      + `${view.documents.completed} of ${view.documents.listed} documents completed, ${view.documents.failed} failed; `
      + `${view.throughput.pagesPerSecond} pages/s${eta(view)}`
      + (report.cost ? `; estimated cost so far $${report.cost.total.toFixed(2)}` : '');
    $('#csv-link').onclick = (event) => { event.preventDefault(); downloadCsv(view.id); };

    chart('throughput-chart', {
      type: 'line',
      data: {
        labels: report.throughput.map((m) => new Date(m.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })),
        datasets: [{ label: 'pages', data: report.throughput.map((m) => m.pages), borderColor: '#2f7de1', fill: false }],
      },
    });
    chart('failures-chart', {
      type: 'bar',
      data: {
        labels: report.failures.map((f) => `${f.reason} (${f.scope})`),
        datasets: [{ label: 'failures', data: report.failures.map((f) => f.count), backgroundColor: '#c0392b' }],
      },
      options: { indexAxis: 'y' },
    });
    chart('stages-chart', {
      type: 'bar',
      data: {
        labels: report.stages.map((s) => s.stage),
        datasets: [
          { label: 'median', data: report.stages.map((s) => s.p50Ms), backgroundColor: '#2f7de1' },
          { label: '95th percentile', data: report.stages.map((s) => s.p95Ms), backgroundColor: '#9cc3f5' },
        ],
      },
    });
    fill($('#failures tbody'), report.failures, (tr, f) => {
      cell(tr, f.scope); cell(tr, f.reason); cell(tr, f.stage || ''); cell(tr, f.count);
    });
    document.body.dataset.batchShown = view.id;
  }

  async function refreshDeadLetters() {
    const dlq = await api('/dead-letters');
    fill($('#dead-letters tbody'), dlq.queues || [], (tr, q) => {
      cell(tr, q.queue); cell(tr, q.messages); cell(tr, q.inFlight);
      const holding = q.messages + q.inFlight > 0;
      const alarm = cell(tr, holding ? 'ALARM' : 'ok');
      if (holding) alarm.className = 'alarm';
    });
  }

  async function downloadCsv(id) {
    const response = await fetch('/batches/' + id + '/report.csv', { headers: { Authorization: 'Bearer ' + state.token } });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = 'batch-' + id + '-report.csv';
    link.click();
  }

  async function refresh() {
    if (!state.token) {
      message('Enter an API token to see the batches.');
      return;
    }
    try {
      await refreshBatches();
      await Promise.all([refreshBatch(), refreshDeadLetters()]);
      message('');
      document.body.dataset.loaded = 'true';
    } catch (e) {
      message(e.message);
    }
  }

  document.querySelectorAll('.controls button').forEach((button) => {
    button.addEventListener('click', async () => {
      try {
        await api('/batches/' + state.batch + '/' + button.dataset.action, { method: 'POST' });
        await refresh();
      } catch (e) {
        message(e.message);
      }
    });
  });

  $('#token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.token = $('#token').value.trim();
    sessionStorage.setItem('docpipe-token', state.token);
    refresh();
  });

  refresh();
  state.timer = setInterval(refresh, 3000);
})();

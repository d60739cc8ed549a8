// The live workers dashboard: polls the actuator endpoints beside it and draws them. Every
// string from the server goes through textContent or an attribute, never through HTML.
'use strict';

(function () {
  // The endpoints sit beside this one, whatever management.endpoints.web.base-path is.
  const base = location.pathname.replace(/\/workerdashboard\/?$/, '');
  const STATE_POLL_MS = 1000;
  const JOBS_POLL_MS = 5000;
  const SVG = 'http://www.w3.org/2000/svg';
  const WORKER_FIELDS = ['id', 'state', 'work', 'elapsed', 'kernel-jobs', 'total-jobs', 'kernel-boots', 'kernel-age',
    'cpu', 'allocated', 'last-reboot'];
  const WORKER_HEADINGS = ['worker', 'state', 'current work', 'elapsed', 'kernel jobs', 'total jobs', 'kernel boots',
    'kernel age', 'CPU time', 'allocated', 'last reboot'];

  let historyMillis = 2000;

  // --- formatting -------------------------------------------------------------------------

  // An ISO-8601 duration as Java writes it (PT1H2M3.5S, PT-0.1S) to milliseconds.
  function millis(iso) {
    if (iso == null) {
      return null;
    }
    const m = /^(-)?P(?:(\d+)D)?T?(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?[\d.]+)S)?$/.exec(iso);
    if (!m) {
      return null;
    }
    const value = ((+(m[2] || 0) * 24 + +(m[3] || 0)) * 60 + +(m[4] || 0)) * 60000 + +(m[5] || 0) * 1000;
    return m[1] ? -value : value;
  }

  function duration(ms) {
    if (ms == null) {
      return '–';
    }
    if (ms < 1) {
      return ms.toFixed(2) + ' ms';
    }
    if (ms < 1000) {
      return ms.toFixed(ms < 10 ? 1 : 0) + ' ms';
    }
    const s = ms / 1000;
    if (s < 60) {
      return s.toFixed(1) + ' s';
    }
    const h = Math.floor(s / 3600);
    const min = Math.floor((s % 3600) / 60);
    const sec = Math.floor(s % 60);
    return h > 0 ? h + 'h ' + String(min).padStart(2, '0') + 'm' : min + 'm ' + String(sec).padStart(2, '0') + 's';
  }

  function bytes(n) {
    if (n == null) {
      return '–';
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
  }

  function number(n, digits) {
    return n == null ? '–' : n.toFixed(digits);
  }

  function time(iso) {
    return iso == null ? '–' : new Date(iso).toLocaleTimeString();
  }

  // --- DOM helpers ------------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    children.forEach((child) => node.append(child));
    return node;
  }

  function setText(node, text) {
    if (node.textContent !== text) {
      node.textContent = text;
    }
  }

  function field(root, name) {
    return root.querySelector('[data-field="' + name + '"]');
  }

  // --- notices ----------------------------------------------------------------------------

  const notices = new Map();

  function notice(key, text) {
    let node = notices.get(key);
    if (text == null) {
      if (node) {
        node.remove();
        notices.delete(key);
      }
      return;
    }
    if (!node) {
      node = el('div', { class: 'notice', 'data-notice': key });
      document.getElementById('notices').append(node);
      notices.set(key, node);
    }
    setText(node, text);
  }

  function unavailable(endpoint, status) {
    if (status === 404) {
      return 'The ' + endpoint + ' endpoint answered 404: it is not exposed. Set management.endpoints.web.exposure.include='
          + endpoint + ' (with the endpoints you already expose, such as workers,workerdashboard).';
    }
    if (status === 401 || status === 403) {
      return 'The ' + endpoint + ' endpoint answered ' + status + ': you are not allowed to read it. Check your security '
          + 'rules for the actuator (EndpointRequest.to("' + endpoint + '")) and management.endpoint.' + endpoint + '.access.';
    }
    return 'The ' + endpoint + ' endpoint answered ' + status + '.';
  }

  async function getJson(path) {
    const response = await fetch(base + path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) {
      const error = new Error('HTTP ' + response.status);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  // --- pools ------------------------------------------------------------------------------

  const pools = new Map();

  function stat(label, name) {
    return el('div', { class: 'stat' }, el('span', { class: 'label' }, label),
        el('span', { class: 'value', 'data-field': name }, '–'));
  }

  function spark(label, name) {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 100 40');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('data-spark', name);
    svg.append(document.createElementNS(SVG, 'polyline'));
    return el('div', { class: 'spark' },
        el('div', { class: 'label' }, label + ' ', el('span', { 'data-field': name + '-now' }, '–'),
            el('span', { class: 'muted', 'data-field': name + '-max' }, '')),
        svg);
  }

  function poolSection(name) {
    const button = el('button', { type: 'button', 'data-action': 'reset', 'data-pool': name }, 'Rolling reset');
    const result = el('span', { 'data-field': 'reset-result', class: 'muted' });
    button.addEventListener('click', () => reset(name, button, result));
    const head = el('div', { class: 'pool-head' },
        el('h2', {}, name), el('span', { class: 'badge', 'data-field': 'state' }, '–'),
        stat('size', 'size'), stat('idle', 'idle'), stat('busy', 'busy'), stat('waiting', 'waiting'),
        stat('jobs', 'jobs'), stat('jobs/s', 'throughput'), stat('mean job', 'mean'),
        el('span', { class: 'spacer' }), result, button);
    const sparks = el('div', { class: 'sparks' },
        spark('jobs/s', 'throughput'), spark('mean job time', 'mean'), spark('waiting', 'waiting'));
    const reboots = el('div', { class: 'reboots' }, 'reboots: ', el('span', { 'data-field': 'reboots' }, 'none'));
    const headings = el('tr', {}, ...WORKER_HEADINGS.map((heading) => el('th', {}, heading)));
    const table = el('table', {}, el('thead', {}, headings), el('tbody', {}));
    const section = el('section', { class: 'panel pool', 'data-pool': name }, head, sparks, reboots, table);
    document.getElementById('pools').append(section);
    return { section, rows: new Map() };
  }

  function pool(name) {
    let entry = pools.get(name);
    if (!entry) {
      entry = poolSection(name);
      pools.set(name, entry);
    }
    return entry;
  }

  function workerRow(poolName, id) {
    const row = el('tr', { 'data-pool': poolName, 'data-worker': String(id) },
        ...WORKER_FIELDS.map((name) => el('td', { 'data-field': name, class: name === 'work' ? 'work' : '' })));
    const state = field(row, 'state');
    state.append(el('span', { class: 'badge' }));
    return row;
  }

  function showPool(name, data) {
    const entry = pool(name);
    const section = entry.section;
    const badge = field(section, 'state');
    setText(badge, data.state);
    badge.setAttribute('data-state', data.state);
    setText(field(section, 'size'), String(data.size));
    setText(field(section, 'idle'), String(data.idle));
    setText(field(section, 'busy'), String(data.workers.filter((w) => w.state === 'BUSY').length));
    setText(field(section, 'waiting'), String(data.waiting));
    const tbody = section.querySelector('tbody');
    const seen = new Set();
    data.workers.forEach((worker) => {
      seen.add(worker.id);
      let row = entry.rows.get(worker.id);
      if (!row) {
        row = workerRow(name, worker.id);
        entry.rows.set(worker.id, row);
        tbody.append(row);
      }
      showWorker(row, worker);
    });
    entry.rows.forEach((row, id) => {
      if (!seen.has(id)) {
        row.remove();
        entry.rows.delete(id);
      }
    });
  }

  function showWorker(row, worker) {
    row.setAttribute('data-state', worker.state);
    row.setAttribute('data-kernel-boots', String(worker.kernelBoots));
    setText(field(row, 'id'), String(worker.id));
    setText(field(row, 'state').firstChild, worker.state);
    const work = worker.currentWork;
    setText(field(row, 'work'), work ? work.kind + ' ' + work.name : '');
    setText(field(row, 'elapsed'), worker.currentJobElapsed ? duration(millis(worker.currentJobElapsed)) : '');
    setText(field(row, 'kernel-jobs'), String(worker.kernelJobs));
    setText(field(row, 'total-jobs'), String(worker.totalJobs));
    setText(field(row, 'kernel-boots'), String(worker.kernelBoots));
    setText(field(row, 'kernel-age'), duration(millis(worker.kernelAge)));
    setText(field(row, 'cpu'), duration(millis(worker.kernelCpuTime)));
    setText(field(row, 'allocated'), bytes(worker.kernelAllocatedBytes));
    const reboot = worker.lastRebootReason;
    setText(field(row, 'last-reboot'), reboot ? reboot + ' at ' + time(worker.lastRebootTime) : 'never');
  }

  function csrfHeaders() {
    // Spring Security's cookie CSRF token repository, when the application uses one.
    const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
    return cookie ? { 'X-XSRF-TOKEN': decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) } : {};
  }

  async function reset(name, button, result) {
    button.disabled = true;
    result.removeAttribute('data-status');
    setText(result, 'resetting…');
    try {
      const response = await fetch(base + '/workers/' + encodeURIComponent(name) + '/reset',
          { method: 'POST', headers: csrfHeaders(), credentials: 'same-origin' });
      if (!response.ok) {
        throw new Error(response.status === 405
            ? 'the workers endpoint is read-only (management.endpoint.workers.access)'
            : (response.status === 404 ? unavailable('workers', 404) : 'HTTP ' + response.status));
      }
      const answer = await response.json();
      result.setAttribute('data-status', 'ok');
      setText(result, 'rebooted ' + (answer.rebooted.join(', ') || 'none') + ' · skipped '
          + (answer.skipped.join(', ') || 'none') + ' · took ' + duration(millis(answer.took)));
    }
    catch (error) {
      result.setAttribute('data-status', 'error');
      setText(result, 'reset failed: ' + error.message);
    }
    finally {
      button.disabled = false;
    }
  }

  // --- history ----------------------------------------------------------------------------

  function drawSpark(section, name, values, format) {
    const svg = section.querySelector('svg[data-spark="' + name + '"]');
    const present = values.filter((v) => v != null);
    const max = Math.max(1e-9, ...present);
    const step = values.length > 1 ? 100 / (values.length - 1) : 0;
    const points = [];
    values.forEach((v, i) => {
      if (v != null) {
        points.push((i * step).toFixed(2) + ',' + (38 - (v / max) * 36).toFixed(2));
      }
    });
    svg.firstChild.setAttribute('points', points.join(' '));
    const last = values.length ? values[values.length - 1] : null;
    setText(field(section, name + '-now'), format(last));
    setText(field(section, name + '-max'), present.length ? ' (max ' + format(Math.max(...present)) + ')' : '');
  }

  function showHistory(name, data) {
    const section = pool(name).section;
    const samples = data.samples;
    const last = samples.length ? samples[samples.length - 1] : null;
    setText(field(section, 'jobs'), String(data.jobs));
    setText(field(section, 'throughput'), last ? number(last.jobsPerSecond, 1) : '–');
    setText(field(section, 'mean'), last && last.meanJobMillis != null ? duration(last.meanJobMillis) : '–');
    drawSpark(section, 'throughput', samples.map((s) => s.jobsPerSecond), (v) => number(v, 1));
    drawSpark(section, 'mean', samples.map((s) => s.meanJobMillis), (v) => v == null ? '–' : duration(v));
    drawSpark(section, 'waiting', samples.map((s) => s.waiting), (v) => number(v, 0));
    const reboots = Object.entries(data.reboots).map(([reason, count]) => reason + ' ' + count).join(', ');
    setText(field(section, 'reboots'), reboots || 'none');
  }

  // --- WebSocket, processes, pipelines ------------------------------------------------------

  function fillTable(section, rows) {
    const tbody = section.querySelector('tbody');
    tbody.replaceChildren(...rows.map(([key, cells]) =>
        el('tr', { 'data-name': key }, ...cells.map((cell) => el('td', {}, cell == null ? '–' : String(cell))))));
  }

  function showWebSocket(data) {
    const section = document.getElementById('websocket');
    section.hidden = data == null;
    if (data) {
      setText(field(section, 'connections'), String(data.connections));
      setText(field(section, 'instance'), data.instance);
    }
  }

  function showProcesses(data) {
    const section = document.getElementById('processes');
    section.hidden = data == null;
    if (data) {
      fillTable(section, Object.entries(data).map(([name, p]) => [name, [name, p.state, p.restarts,
        time(p.runningSince), time(p.nextStart), p.lastExit,
        p.lastFailure ? p.lastFailure.exception + ': ' + (p.lastFailure.message || '') : null]]));
    }
  }

  function showPipelines(data, missing) {
    document.querySelector('[data-field="pipelines-note"]').hidden = !missing;
    const section = document.getElementById('pipelines');
    const entries = data ? Object.entries(data.pipelines) : [];
    section.hidden = entries.length === 0;
    fillTable(section, entries.map(([name, p]) => [name, [name, p.driver, p.pool, p.state, p.running, p.waiting,
      p.delayed, p.inFlight, p.deadLetters]]));
  }

  // --- polling ----------------------------------------------------------------------------

  async function pollState() {
    try {
      const data = await getJson('/workers');
      notice('workers', null);
      Object.entries(data.pools).forEach(([name, p]) => showPool(name, p));
      showWebSocket(data.websocket);
      showProcesses(data.processes);
      setText(document.getElementById('updated'), 'updated ' + new Date().toLocaleTimeString());
    }
    catch (error) {
      notice('workers', error.status ? unavailable('workers', error.status)
          : 'Cannot reach the workers endpoint: ' + error.message);
    }
    setTimeout(pollState, STATE_POLL_MS);
  }

  async function pollHistory() {
    try {
      const data = await getJson('/workerdashboard/history');
      notice('history', null);
      historyMillis = Math.max(250, millis(data.sampleInterval) || historyMillis);
      Object.entries(data.pools).forEach(([name, p]) => showHistory(name, p));
    }
    catch (error) {
      notice('history', 'Cannot read the dashboard\'s history: ' + error.message);
    }
    setTimeout(pollHistory, historyMillis);
  }

  // Durable jobs are optional: the endpoint is absent without pipelines, so a 404 is only a note.
  async function pollJobs() {
    try {
      showPipelines(await getJson('/workerjobs'), false);
      notice('workerjobs', null);
    }
    catch (error) {
      showPipelines(null, error.status === 404);
      notice('workerjobs', (error.status && error.status !== 404) ? unavailable('workerjobs', error.status) : null);
    }
    setTimeout(pollJobs, JOBS_POLL_MS);
  }

  pollState();
  pollHistory();
  pollJobs();
})();

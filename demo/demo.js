// The demo page's own script, in a file of its own (no inline script) so the page runs under a strict
// CSP. It points the widgets at this server, drives the fault buttons, and logs the widgets' events.
'use strict';

{
  const origin = location.origin;
  const MAX_LOG_ENTRIES = 100;

  // Absolute URLs: the server is wherever this page came from.
  for (const widget of document.querySelectorAll('regime-widget, regime-signals')) {
    widget.setAttribute('api-url', `${origin}/api`);
    if (widget.hasAttribute('data-live')) widget.setAttribute('ws-url', origin);
  }

  const snippet = document.getElementById('snippet');
  snippet.textContent = snippet.textContent.replaceAll('https://your.host', origin);

  const faultState = document.getElementById('fault-state');

  /** Sends a fault-control request and shows the faults the server answers. */
  const controlFaults = async (path, init) => {
    try {
      const response = await fetch(`${origin}${path}`, init);
      faultState.textContent = JSON.stringify(await response.json(), null, 2);
    } catch (error) {
      faultState.textContent = `The server did not answer: ${error.message}`;
    }
  };

  // The server takes fault changes only as JSON (never a simple request a foreign page could send).
  const changeFaults = (path, body) =>
    controlFaults(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  for (const button of document.querySelectorAll('[data-fault]')) {
    button.addEventListener('click', () => changeFaults('/api/_faults', button.getAttribute('data-fault')));
  }
  for (const button of document.querySelectorAll('[data-reset]')) {
    button.addEventListener('click', () => changeFaults('/api/_faults/reset', '{}'));
  }
  controlFaults('/api/_faults');

  const log = document.getElementById('event-log');
  // The widgets' own clock format: 24-hour, with seconds.
  const clock = new Intl.DateTimeFormat(document.documentElement.lang, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });

  /** Adds a line to the event log; everything goes in as text, never markup (alerts carry network strings). */
  const logEvent = (event, kind, text) => {
    const widget = event.target;
    const time = document.createElement('time');
    time.textContent = clock.format(new Date());
    const source = document.createElement('span');
    source.className = 'event-source';
    source.textContent = `${widget.getAttribute('symbol')} ${widget.getAttribute('timeframe')}`;
    const message = document.createElement('span');
    message.textContent = text;
    const item = document.createElement('li');
    item.className = `event event--${kind}`;
    item.append(time, source, message);
    log.prepend(item);
    while (log.children.length > MAX_LOG_ENTRIES) log.lastElementChild.remove();
  };

  document.addEventListener('regime-connection', (event) => {
    const { mode, previous, reason } = event.detail;
    logEvent(event, 'connection', `${previous} → ${mode}${reason ? ` (${reason})` : ''}`);
  });
  document.addEventListener('regime-alert', (event) => {
    const { message, from, to } = event.detail;
    logEvent(event, 'alert', message || `${from ?? '?'} → ${to}`);
  });
}

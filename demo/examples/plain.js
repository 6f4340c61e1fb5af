// The events bubble and are composed: listen on the element, or anywhere above it.
'use strict';

const btc = document.getElementById('btc');

btc.addEventListener('regime-update', (event) => {
  const { regime, adx, atrPct } = event.detail;
  document.title = `BTCUSDT: ${regime} (ADX ${adx.toFixed(1)}, ATR ${(atrPct * 100).toFixed(2)}%)`;
});

document.addEventListener('regime-connection', (event) => {
  const { mode, previous, reason } = event.detail;
  console.info(`${event.target.getAttribute('symbol')}: ${previous} -> ${mode}`, reason ?? '');
});

document.addEventListener('regime-alert', (event) => {
  console.info('regime alert', event.detail);
});

// The widget as a PNG for a report or a chat message.
document.getElementById('copy').addEventListener('click', async () => {
  document.getElementById('picture').src = btc.toDataURL({ scale: 2 });
  const blob = await btc.toPNG({ scale: 2 });
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
});

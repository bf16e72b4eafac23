// The rep's pages without signal: registers the service worker (/sw.js)
// and shows on the page what it holds. The pages work without this script;
// it only adds the day kept on the phone.
'use strict';
(function () {
  if (!('serviceWorker' in navigator)) return;
  if (!navigator.serviceWorker.controller) {
    // The first page loaded before the worker ran: keep it as soon as the worker takes over.
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      for (const path of [location.pathname, '/offline.js']) fetch(path, { credentials: 'same-origin' });
    });
  }
  navigator.serviceWorker.register('/sw.js');
  // Back in signal: the page reloads, which sends what the phone holds.
  window.addEventListener('online', () => location.reload());

  const box = document.getElementById('offline');
  const data = document.getElementById('held');
  if (!box || !data) return;
  const held = JSON.parse(data.textContent);
  const localDay = (d) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const fill = (text, values) => values.reduce((out, value, i) => out.split(`{${i}}`).join(value), text);
  const say = (text, kind) => {
    const line = document.createElement('p');
    line.className = kind;
    line.textContent = text;
    box.append(line);
    box.hidden = false;
  };
  if (held.fetched) {
    const when = new Date(held.fetched).toLocaleString(document.documentElement.lang, {
      month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit',
    });
    say(fill(box.dataset.shown, [when]), 'kept');
    if (box.dataset.day !== localDay(new Date())) say(box.dataset.oldDay, 'old');
  }
  const queued = new Set(held.queued);
  for (const stop of document.querySelectorAll('li.stop')) {
    const account = stop.querySelector('input[name=account]');
    if (!account || !queued.has(account.value)) continue;
    stop.classList.replace('todo', 'queued');
    stop.querySelector('.state').textContent = box.dataset.queuedState;
    stop.querySelector('form').hidden = true;
  }
  if (queued.size > 0) say(fill(box.dataset.queued, [queued.size]), 'queued');
  for (const refused of held.refused) {
    const text = refused.kind === 'replan'
      ? box.dataset.replan
      : fill(box.dataset.refused, [refused.account, refused.message]);
    say(text, 'refused');
  }
})();

// rounds' service worker: a rep's day on a phone without signal.
//
// The rep's pages (/rep/ID and /rep/ID/week, the week fetched behind the
// day) and their script are fetched from the server whenever it answers,
// and the last copy of each is kept; without signal the
// kept copy is shown, saying when it was loaded. A stop marked done or
// skipped without signal is kept on the phone (IndexedDB), with the day the
// page showed, and sent the next time a rep's page loads from the server,
// with that page's CSRF token, or before the rep's next change to the day
// (a stop marked, a re-plan); the page then shows what was sent. A stop the
// server refuses when it is sent (the plan changed meanwhile) is said on
// the page once, with the server's reason; so is a re-plan pressed without
// signal, which needs the server. Signing out or in forgets the
// kept pages, so that the next person on the phone does not see them.
//
// Where the phone's storage fails (full, or refused in a private window),
// the pages load from the server as without this worker: only keeping a
// stop marked without signal needs the storage, and that fails as a press
// without signal fails without the worker, visibly.
'use strict';

const PAGES = 'rounds-pages-v1';
const DB = 'rounds-offline';
const REP_PAGE = /^\/rep\/([^/]+)(\/week)?$/;
const RECORD = /^\/rep\/([^/]+)\/visits$/;
const REPLAN = /^\/rep\/([^/]+)\/replan$/;
const FETCHED = 'x-rounds-fetched';
const REP = 'x-rounds-rep';
/// The key of the last rep's day kept, which the site's root shows without signal.
const HOME = '/';
const SCRIPT = '/offline.js';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'GET' && REP_PAGE.test(url.pathname)) {
    event.respondWith(repPage(request, url.pathname, event));
  } else if (request.method === 'GET' && url.pathname === HOME && request.mode === 'navigate') {
    event.respondWith(home(request));
  } else if (request.method === 'GET' && url.pathname === SCRIPT) {
    event.respondWith(script(request));
  } else if (request.method === 'POST' && RECORD.test(url.pathname)) {
    event.respondWith(record(request, url.pathname));
  } else if (request.method === 'POST' && REPLAN.test(url.pathname)) {
    event.respondWith(replan(request, url.pathname));
  } else if (request.method === 'POST' && (url.pathname === '/logout' || url.pathname === '/login')) {
    // Whoever signs out or in, the pages kept are not the next person's to see.
    event.respondWith(caches.delete(PAGES).then(() => fetch(request)));
  }
});

/// The rep's page from the server, after sending what the phone holds; the
/// kept copy when the server cannot be reached. A day loaded keeps the
/// rep's week too, fetched behind it, so that the next days are on the
/// phone whether or not the rep opened them.
async function repPage(request, path, event) {
  const rep = decodeURIComponent(REP_PAGE.exec(path)[1]);
  let answer;
  try {
    answer = await fetch(request);
  } catch (offline) {
    const kept = await caches.open(PAGES).then((pages) => pages.match(path));
    if (!kept) throw offline;
    return withHeld(kept, rep, Number(kept.headers.get(FETCHED)));
  }
  const isHtml = (answer.headers.get('content-type') || '').startsWith('text/html');
  if (answer.status !== 200 || !isHtml) return answer;
  let html = await answer.text();
  const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(html);
  if (csrf && (await quietly(send(csrf[1]), false))) {
    // What was sent changed the day: show it as the server has it now.
    try {
      const again = await fetch(path, { credentials: 'same-origin' });
      if (again.status === 200) html = await again.text();
    } catch (offline) {
      // Sent, then the signal went: the page before the sending is shown.
    }
  }
  const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  const copy = () => new Response(html, { headers: { ...headers, [FETCHED]: String(Date.now()), [REP]: rep } });
  await quietly(
    caches.open(PAGES).then(async (pages) => {
      await pages.put(path, copy());
      if (!path.endsWith('/week')) await pages.put(HOME, copy());
    }),
  );
  if (event && !path.endsWith('/week')) event.waitUntil(quietly(keepWeek(`${path}/week`, rep)));
  return withHeld(new Response(html, { headers }), rep, null);
}

/// Fetches the rep's week and keeps it, as repPage keeps a page.
async function keepWeek(path, rep) {
  const answer = await fetch(path, { credentials: 'same-origin' });
  const isHtml = (answer.headers.get('content-type') || '').startsWith('text/html');
  if (answer.status !== 200 || !isHtml) return;
  const headers = { 'content-type': 'text/html; charset=utf-8', [FETCHED]: String(Date.now()), [REP]: rep };
  const pages = await caches.open(PAGES);
  await pages.put(path, new Response(await answer.text(), { headers }));
}

/// The site's root, which sends a user to their page; without signal, the
/// last rep's day kept (a rep's bookmark is often the server's address).
async function home(request) {
  try {
    return await fetch(request);
  } catch (offline) {
    const kept = await caches.open(PAGES).then((pages) => pages.match(HOME));
    if (!kept) throw offline;
    return withHeld(kept, kept.headers.get(REP), Number(kept.headers.get(FETCHED)));
  }
}

/// The pages' script from the server, kept for the pages shown without signal.
async function script(request) {
  try {
    const answer = await fetch(request);
    if (answer.ok) await quietly(caches.open(PAGES).then((pages) => pages.put(SCRIPT, answer.clone())));
    return answer;
  } catch (offline) {
    const kept = await caches.open(PAGES).then((pages) => pages.match(SCRIPT));
    if (!kept) throw offline;
    return kept;
  }
}

/// A stop marked on the page: to the server after the stops kept before it,
/// or kept on the phone without signal.
async function record(request, path) {
  const body = await sendFirst(request);
  try {
    return await fetch(request);
  } catch (offline) {
    const rep = decodeURIComponent(RECORD.exec(path)[1]);
    const account = new URLSearchParams(body).get('account') || '';
    await change('queued', (store) => store.add({ path, body, rep, account, at: Date.now() }));
    return Response.redirect(new URL(`/rep/${encodeURIComponent(rep)}`, self.location.origin).href, 303);
  }
}

/// A re-plan: to the server after the stops kept; without signal, back to
/// the day kept, which says that the day was not re-planned (a notice kept
/// with the refusals, so that the page shows it once).
async function replan(request, path) {
  await sendFirst(request);
  try {
    return await fetch(request);
  } catch (offline) {
    const rep = decodeURIComponent(REPLAN.exec(path)[1]);
    await quietly(change('refused', (store) => store.add({ rep, kind: 'replan' })));
    return Response.redirect(new URL(`/rep/${encodeURIComponent(rep)}`, self.location.origin).href, 303);
  }
}

/// Sends the stops kept on the phone before `request`, a form that changes
/// the day, goes: a re-plan must know the stops done, and stops are recorded
/// in the order they were marked. The form's body, which carries the page's
/// CSRF token.
async function sendFirst(request) {
  const body = await request.clone().text();
  const csrf = new URLSearchParams(body).get('csrf');
  if (csrf) await quietly(send(csrf));
  return body;
}

/// Sends the stops kept on the phone, oldest first, with the current CSRF
/// token; whether any was taken or refused (so the day changed). A stop the
/// server refuses for its content (a 4xx: the plan changed, the rep is gone)
/// is moved to the refused ones; one it does not take from this session
/// (another user signed in, signed out) stays; a server busy or failing
/// (429, 5xx) keeps the rest for the next load.
async function send(csrf) {
  let changed = false;
  for (const { key, value } of await entries('queued')) {
    let answer;
    try {
      answer = await fetch(value.path, {
        method: 'POST',
        body: value.body,
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf },
      });
    } catch (offline) {
      break;
    }
    const status = answer.status;
    if (answer.type === 'opaqueredirect' || answer.ok) {
      await change('queued', (store) => store.delete(key));
      changed = true;
    } else if (status === 401 || status === 403) {
      continue; // not this session's to send
    } else if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      const said = /<p class="error" role="alert">([^<]*)<\/p>/.exec(await answer.text());
      const message = said ? unescaped(said[1]) : String(status);
      await change('refused', (store) => store.add({ rep: value.rep, account: value.account, message }));
      await change('queued', (store) => store.delete(key));
      changed = true;
    } else {
      break; // busy or failing: the rest waits for the next load
    }
  }
  return changed;
}

/// `response` with what the phone holds for `rep` added for the page's
/// script: when it was loaded if it is the kept copy, the accounts kept to
/// send, and the refusals not yet shown (shown now, so forgotten).
async function withHeld(response, rep, fetched) {
  const mine = async (name) => (await entries(name)).filter((e) => e.value.rep === rep);
  const queued = (await quietly(mine('queued'), [])).map((e) => e.value.account);
  const refused = await quietly(mine('refused'), []);
  if (!fetched && queued.length === 0 && refused.length === 0) return response;
  await quietly(Promise.all(refused.map(({ key }) => change('refused', (store) => store.delete(key)))));
  const held = { fetched, queued, refused: refused.map((e) => e.value) };
  const data = JSON.stringify(held).replace(/</g, '\\u003c');
  const html = (await response.text()).replace(
    '</body>',
    `<script type="application/json" id="held">${data}</script>\n</body>`,
  );
  return new Response(html, { status: response.status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/// What `promise` gives, or `fallback` where it fails: the phone's storage
/// failing must not keep a page from loading.
async function quietly(promise, fallback) {
  try {
    return await promise;
  } catch (failed) {
    return fallback;
  }
}

/// The text of an HTML-escaped message, as the server escapes it.
function unescaped(text) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => named[name]);
}

function open() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DB, 1);
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore('queued', { autoIncrement: true });
      opening.result.createObjectStore('refused', { autoIncrement: true });
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

/// Every `{key, value}` of `name`, in the order they were added.
async function entries(name) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const found = [];
    const cursor = db.transaction(name).objectStore(name).openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (at) {
        found.push({ key: at.key, value: at.value });
        at.continue();
      } else {
        db.close();
        resolve(found);
      }
    };
    cursor.onerror = () => reject(cursor.error);
  });
}

/// Runs `work` on `name` in a transaction of its own, done when it is stored.
async function change(name, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(name, 'readwrite');
    work(transaction.objectStore(name));
    transaction.oncomplete = () => {
      db.close();
      resolve();
    };
    transaction.onerror = () => reject(transaction.error);
  });
}

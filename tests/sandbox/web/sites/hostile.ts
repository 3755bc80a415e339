// Test-only attacker pages for the hostile-page suite (tests/e2e/hostile). Two kinds:
// - pages at `hostile.example/<trick>`: a web page anywhere on the internet (forged OAuth redirects
//   by window.open / location / iframe / meta refresh, a bud page in an iframe);
// - attack scripts added to a real bud page at `branchline.ink/bud/<actor>/<rkey>?hostile=<name>`:
//   what a compromised or malicious Branchline page could do to Tendril's content script; and to a
//   real post page at `bsky.app/profile/<actor>/post/<rkey>?hostile=<name>`: what a source page
//   could do to Tendril's backlink prompt.
// Each page says that its trick ran by setting `<html data-attack="ran">` (and
// `data-attack-detail`, JSON), so a test can tell "attack refused" from "attack never arrived".
// Parameters (the URL to attack, the extension id, the bud to spoof) come in the query string and
// are read by the page's script at run time: nothing from the query is interpolated into script
// text, and the one server-side use (meta refresh) goes through the escaping html builder.
// Beacons: `/beacon?…` means "something executed or rendered as HTML" (a payload's only call);
// `/ran?…` is an attack page reporting itself. Both are recorded by the sandbox's request log.

import { html, page } from '../html.ts'
import { htmlResponse, notFoundPage, type PageResponse } from '../context.ts'

const SITE = 'Hostile test pages'

/** Shared by every attack script: the query and the arrival marker. */
const PRELUDE = `const q = new URLSearchParams(location.search);
const mark = (detail) => {
  document.documentElement.dataset.attack = 'ran';
  if (detail !== undefined) document.documentElement.dataset.attackDetail = JSON.stringify(detail);
};`

/** Pages at hostile.example: `to` is the URL the trick aims at. */
const HOSTILE_PAGE_SCRIPTS: Record<string, string> = {
  // Needs a click: Chromium's popup blocker lets window.open through only on a user gesture.
  'window-open': `document.getElementById('attack').addEventListener('click', () => {
  const opened = window.open(q.get('to'), '_blank');
  mark({ opened: opened !== null });
});`,
  location: `mark(); location.href = q.get('to');`,
  iframe: `const frame = document.createElement('iframe');
frame.width = 600; frame.height = 400;
frame.addEventListener('load', () => mark({ loaded: frame.src }));
frame.src = q.get('to');
document.body.append(frame);`,
}

/** For pages whose attack ends in a person's click on Tendril's control: every click the page sees
 * (capturing, at the document) is logged in the marker's detail — whether the browser marked it as
 * trusted input, and what it landed on (inside Tendril's closed root the page sees only the host,
 * `tendril-ui`). That is the page's own evidence that a real click reached the control. */
const CLICK_LOG = `const CONTROL = 'tendril-ui[data-tendril="bookmark"]';
const state = { clicks: [] };
const report = () => mark(state);
document.addEventListener('click', (event) => {
  state.clicks.push({ trusted: event.isTrusted, on: event.target && event.target.localName, x: Math.round(event.clientX), y: Math.round(event.clientY) });
  report();
}, true);`

/** Scripts added to a real bud page (`?hostile=<name>`). They run at the end of <body>, before the
 * content script (document_idle). Attacks aimed at a running content script wait instead: they
 * define `window.__hostile.run()` (or `.push(url)`), which the test calls once Tendril has
 * described the page, as a click on a button would. */
const BUD_PAGE_SCRIPTS: Record<string, string> = {
  // Messages shaped like Tendril's own, through every page-to-extension channel a page has: the
  // content script shares the DOM (events) and the window (postMessage) with the page.
  'tendril-messages': `const ext = q.get('ext') || '';
const messages = [
  { type: 'auth.signIn', input: 'attacker.test' },
  { type: 'auth.signOut', did: q.get('did') || 'did:plc:victim' },
  { type: 'auth.switch', did: 'did:plc:attacker' },
  { type: 'auth.cancelSignIn' },
  { type: 'settings.set', autoBacklink: true },
  { type: 'settings.set', settings: { autoBacklink: true } },
  { type: 'page.report', url: 'https://branchline.ink/bud/did:plc:attacker/3kattack', renderedPath: [] },
  { type: 'tab.get', tabId: 1 },
  { type: 'writes.list' },
  { type: 'writes.retry', id: q.get('write') || '3kvictim' },
  { type: 'writes.discard', id: q.get('write') || '3kvictim' },
  { type: 'auth.signOut', did: q.get('did') || 'did:plc:victim', discardWrites: true },
];
const run = () => {
let sent = 0;
for (const m of messages) {
  window.postMessage(m, '*');
  window.postMessage(JSON.stringify(m), '*');
  window.dispatchEvent(new MessageEvent('message', { data: m, origin: 'chrome-extension://' + ext }));
  for (const target of [window, document, document.documentElement]) {
    target.dispatchEvent(new CustomEvent(m.type, { detail: m, bubbles: true }));
    target.dispatchEvent(new CustomEvent('tendril', { detail: m, bubbles: true }));
    target.dispatchEvent(new CustomEvent(ext + ':branchline:' + m.type, { detail: m, bubbles: true }));
  }
  sent++;
}
mark({ sent });
};
window.__hostile = { run };`,
  // WXT's content-script context listens for its location-change event under a name derived from
  // the (public) extension id; a page can fire that name, and the plain one, as often as it likes.
  // (Not popstate: the sandbox's own router answers each one with a fetch, which would flood the
  // page server rather than Tendril.)
  'locationchange-flood': `const ext = q.get('ext') || '';
const names = ['wxt:locationchange', ext + ':branchline:wxt:locationchange', ext + ':content-scripts/branchline:wxt:locationchange'];
const times = Number(q.get('times') || 3000);
// A burst (which a debounce alone absorbs), then a trickle spaced wider than any short debounce.
const trickle = Number(q.get('trickle') || 25);
const fireAll = () => { for (const name of names) window.dispatchEvent(new Event(name)); };
const run = () => {
  for (let i = 0; i < times; i++) fireAll();
  let left = trickle;
  const timer = setInterval(() => {
    fireAll();
    if (--left > 0) return;
    clearInterval(timer);
    mark({ fired: (times + trickle) * names.length });
  }, 120);
};
window.__hostile = { run };`,
  // A page calling the extension directly, by its id (there is no externally_connectable).
  'runtime-message': `const ext = q.get('ext') || '';
const results = {};
(async () => {
  const runtime = globalThis.chrome && globalThis.chrome.runtime;
  if (!runtime || typeof runtime.sendMessage !== 'function') results.sendMessage = 'no-runtime';
  else {
    try { results.sendMessage = 'answered: ' + JSON.stringify(await runtime.sendMessage(ext, { type: 'auth.signIn', input: 'attacker.test' })); }
    catch (error) { results.sendMessage = 'refused: ' + String(error); }
  }
  if (!runtime || typeof runtime.connect !== 'function') results.connect = 'no-runtime';
  else {
    try { runtime.connect(ext).postMessage({ type: 'auth.signIn', input: 'attacker.test' }); results.connect = 'connected'; }
    catch (error) { results.connect = 'refused: ' + String(error); }
  }
  mark(results);
})();`,
  // The rendered root→leaf path names another bud (query \`spoof\`) than the URL does.
  'spoofed-bud-uri': `const spoof = q.get('spoof');
const items = [...document.querySelectorAll('[data-bud-uri]')];
for (const li of items) li.setAttribute('data-bud-uri', spoof);
const list = document.querySelector('ol.reading-list');
const extra = document.createElement('li');
extra.setAttribute('data-bud-uri', spoof);
extra.textContent = 'spoofed';
list.append(extra);
mark({ rewritten: items.length + 1 });`,
  // 100 000 elements, every one a distinct, well-formed bud AT-URI nobody wrote.
  'huge-dom': `const count = Number(q.get('nodes') || 100000);
const list = document.createElement('ol');
const frag = document.createDocumentFragment();
for (let i = 0; i < count; i++) {
  const li = document.createElement('li');
  li.setAttribute('data-bud-uri', 'at://did:plc:hugedomhugedomhugedom22/ink.branchline.bud/3k' + i.toString(36).padStart(11, 'a'));
  frag.append(li);
}
list.append(frag);
document.getElementById('app').append(list);
mark({ nodes: document.getElementsByTagName('*').length });`,
  // Many bud and handle URLs pushed in one burst (query \`paths\`, JSON), ending at \`to\`.
  'pushstate-storm': `const paths = JSON.parse(q.get('paths') || '[]');
const to = q.get('to');
const rounds = Number(q.get('rounds') || 300);
const run = () => {
  for (let i = 0; i < rounds; i++) history.pushState({}, '', paths[i % paths.length]);
  history.pushState({}, '', to);
  mark({ pushed: rounds + 1 });
};
window.__hostile = { run };`,
  // WXT's content-script context shuts itself down when another copy of the same content script
  // announces itself on the page's document, under a name built from the (public) extension id
  // and the entrypoint's name. Any script on the site can announce one; the page then navigates
  // in-app, which the silenced content script no longer reports.
  'content-script-killed': `const ext = q.get('ext') || '';
const to = q.get('to');
const run = () => {
  const type = ext + ':branchline:wxt:content-script-started';
  document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'branchline', messageId: 'hostile' } }));
  window.postMessage({ type, contentScriptName: 'branchline', messageId: 'hostile' }, '*');
  setTimeout(() => {
    history.pushState({}, '', to);
    mark({ announced: type, pushed: to });
  }, 200);
};
window.__hostile = { run };`,
  // No attack: the page only watches clicks. The suite's proof that its "person clicks the control"
  // works — the same click the attacked pages get writes a bookmark here.
  'watch-clicks': `${CLICK_LOG}
report();`,
  // Clickjacking: a decoy ("▶ Play", an image with transparent corners) laid over each of
  // Tendril's controls with pointer-events: none, so the reader sees the decoy while the click
  // passes through to Tendril's button underneath. \`look=faint\`: the decoy at opacity 0.05 instead
  // (a film the reader barely sees). The covers follow the controls as the layout moves.
  'cover-control': `${CLICK_LOG}
state.covered = 0;
const faint = q.get('look') === 'faint';
const PLAY = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="48" viewBox="0 0 120 48"><rect x="1" y="1" width="118" height="46" rx="23" fill="#c00"/><path d="M50 12 L74 24 L50 36 Z" fill="#fff"/></svg>');
const covers = new Map();
const place = () => {
  for (const host of document.querySelectorAll(CONTROL)) {
    let cover = covers.get(host);
    if (!cover) {
      cover = document.createElement('div');
      cover.className = 'hostile-cover';
      cover.style.cssText = 'position: absolute; z-index: 2147483647; pointer-events: none; background: center / 100% 100% no-repeat url("' + PLAY + '");' + (faint ? ' opacity: 0.05;' : '');
      document.body.append(cover);
      covers.set(host, cover);
      state.covered++;
    }
    const r = host.getBoundingClientRect();
    Object.assign(cover.style, { left: r.left + scrollX - 6 + 'px', top: r.top + scrollY - 6 + 'px', width: r.width + 12 + 'px', height: r.height + 12 + 'px' });
  }
  for (const [host, cover] of covers) if (!host.isConnected) { cover.remove(); covers.delete(host); }
  if (state.covered) report();
};
new MutationObserver(place).observe(document.body, { childList: true, subtree: true });
setInterval(place, 100);`,
  // The control made (nearly) invisible, so the reader clicks something they cannot see — by the
  // page's own means: \`how=li-opacity\` fades the control's li ancestor to 0.05, \`li-filter\` does it
  // with a CSS filter, \`host-style\` restyles Tendril's host element itself through its style
  // attribute (opacity 0.01 !important, beating the host's own inline !important rules).
  'fade-control': `${CLICK_LOG}
state.faded = 0;
const how = q.get('how') || 'li-opacity';
const done = new WeakSet();
const fade = () => {
  for (const host of document.querySelectorAll(CONTROL)) {
    if (done.has(host)) continue;
    done.add(host);
    if (how === 'host-style') host.style.setProperty('opacity', '0.01', 'important');
    else if (how === 'li-filter') host.parentElement.style.filter = 'opacity(0.05)';
    else host.parentElement.style.opacity = '0.05';
    state.faded++;
  }
  if (state.faded) report();
};
new MutationObserver(fade).observe(document.body, { childList: true, subtree: true });
fade();`,
  // Every Tendril host removed the moment it appears (a MutationObserver runs before the next
  // task), again each time Tendril draws it anew. \`buds\` is how many buds the page lists.
  'remove-control': `${CLICK_LOG}
const items = [...document.querySelectorAll('li[data-bud-uri]')];
state.buds = items.length;
state.removed = 0;
state.removedPerBud = items.map(() => 0);
state.times = [];
const t0 = performance.now();
new MutationObserver(() => {
  for (const host of document.querySelectorAll(CONTROL)) {
    const i = items.indexOf(host.parentElement);
    if (i >= 0) state.removedPerBud[i]++;
    host.remove();
    state.removed++;
    state.times.push(Math.round(performance.now() - t0));
  }
  if (state.removed) report();
}).observe(document.body, { childList: true, subtree: true });`,
  // ~3 s of DOM churn, every frame: \`nodes\` elements replaced, attributes toggled on every bud's li
  // (not data-bud-uri, which would rightly make Tendril redraw), fake li[data-bud-uri] for the buds
  // in \`fakes\` (JSON; off the tab's path) swapped in the reading list, and one fake li whose
  // data-bud-uri flips between them. The page measures its own frames (the longest gap between two
  // requestAnimationFrame callbacks, during the flood and for 1 s after) and watches for any
  // control Tendril draws beside a fake li. Some fakes are left in place at the end.
  'mutation-flood': `const CONTROL = 'tendril-ui[data-tendril="bookmark"]';
const fakes = JSON.parse(q.get('fakes') || '[]');
const ms = Number(q.get('ms') || 3000);
const perFrame = Number(q.get('nodes') || 400);
const state = { frames: 0, floodMaxGapMs: 0, afterMaxGapMs: 0, mutations: 0, fakesAdded: 0, controlsBesideFakes: 0, buds: 0, controlsBefore: 0, controlsAfter: 0 };
new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) {
    if (n.nodeType === 1 && n.matches(CONTROL) && n.parentElement && n.parentElement.hasAttribute('data-hostile-fake')) state.controlsBesideFakes++;
  }
}).observe(document.body, { childList: true, subtree: true });
const flood = (resolve) => {
  const real = [...document.querySelectorAll('li[data-bud-uri]')];
  state.buds = real.length;
  state.controlsBefore = document.querySelectorAll(CONTROL).length;
  const list = document.querySelector('ol.reading-list');
  const junk = document.createElement('div');
  document.body.append(junk);
  const flipper = document.createElement('li');
  flipper.setAttribute('data-hostile-fake', '');
  flipper.textContent = 'a fake bud that keeps changing';
  list.append(flipper);
  let current = [];
  const t0 = performance.now();
  let last = t0;
  const frame = (now) => {
    state.frames++;
    const gap = now - last;
    last = now;
    const elapsed = now - t0;
    if (elapsed < ms) {
      state.floodMaxGapMs = Math.max(state.floodMaxGapMs, Math.round(gap));
      const frag = document.createDocumentFragment();
      for (let i = 0; i < perFrame; i++) { const d = document.createElement('div'); d.textContent = 'x' + i; frag.append(d); }
      junk.replaceChildren(frag);
      for (const li of real) { li.toggleAttribute('data-hostile-flip'); li.classList.toggle('hostile-flip'); }
      for (const f of current) f.remove();
      current = fakes.map((uri, i) => {
        const li = document.createElement('li');
        li.setAttribute('data-bud-uri', uri);
        li.setAttribute('data-hostile-fake', '');
        li.textContent = 'fake bud ' + i;
        return li;
      });
      list.append(...current);
      if (fakes.length) flipper.setAttribute('data-bud-uri', fakes[state.frames % fakes.length]);
      state.fakesAdded += current.length;
      state.mutations += perFrame * 2 + real.length * 2 + current.length * 2 + 1;
      requestAnimationFrame(frame);
    } else if (elapsed < ms + 1000) {
      state.afterMaxGapMs = Math.max(state.afterMaxGapMs, Math.round(gap));
      requestAnimationFrame(frame);
    } else {
      junk.remove();
      state.controlsAfter = document.querySelectorAll(CONTROL).length;
      mark(state);
      resolve(state);
    }
  };
  requestAnimationFrame(frame);
};
// Starts once Tendril has drawn its controls (at most 5 s), so the flood hits a running shell.
const run = () => new Promise((resolve) => {
  const deadline = Date.now() + 5000;
  const wait = () => {
    const drawn = document.querySelectorAll(CONTROL).length;
    if (drawn > 0 && drawn >= document.querySelectorAll('li[data-bud-uri]').length || Date.now() > deadline) flood(resolve);
    else setTimeout(wait, 50);
  };
  wait();
});
window.__hostile = { run };`,
  // Synthetic visibilitychange events on the document (the tab stays visible all along): a content
  // script that looks again "when the reader returns" must not take each one for a return.
  'visibility-flood': `const times = Number(q.get('times') || 100);
const run = () => {
  for (let i = 0; i < times; i++) document.dispatchEvent(new Event('visibilitychange'));
  mark({ fired: times, visibility: document.visibilityState });
};
window.__hostile = { run };`,
  // In-app navigation to whatever URL the test names (overlong, doubly-encoded, malformed bud URLs),
  // exactly as the site's router would push it.
  'in-app-push': `window.__hostile = { push(url) { history.pushState({}, '', url); mark({ pushed: url.length }); } };`,
}

/** Tendril's backlink prompt on a source page, as the page's DOM shows its host (a page sees only
 * the host: the prompt's buttons are in a closed shadow root). */
const PROMPT_LOG = `const PROMPT = 'tendril-ui[data-tendril="backlink-prompt"]';
const state = { clicks: [] };
const report = () => mark(state);
// Tendril's prompts, not the page's own lookalikes (which this script marks data-hostile-fake).
const prompts = () => [...document.querySelectorAll(PROMPT)].filter((el) => !el.hasAttribute('data-hostile-fake'));
document.addEventListener('click', (event) => {
  state.clicks.push({ trusted: event.isTrusted, on: event.target && event.target.localName, fake: !!(event.target && event.target.closest && event.target.closest('[data-hostile-fake]')), x: Math.round(event.clientX), y: Math.round(event.clientY) });
  report();
}, true);
const watch = (fn) => { new MutationObserver(fn).observe(document.documentElement, { childList: true, subtree: true }); fn(); };`

/** Scripts added to a real source page (`bsky.app/profile/<actor>/post/<rkey>?hostile=<name>`),
 * aimed at Tendril's backlink prompt (drawn fixed at the bottom left of the page, appended to
 * <html>, when the worker's verification of the post's record finds an eprint to offer). As on bud
 * pages they run at the end of <body>, before the content script; `window.__hostile.run()` is
 * called by the test once the prompt has been on screen a while. */
const SOURCE_PAGE_SCRIPTS: Record<string, string> = {
  // The bud pages' storm, on a post: bsky.app navigates in place, and the worker follows every
  // address change there (it looks at the record each one names).
  'pushstate-storm': BUD_PAGE_SCRIPTS['pushstate-storm']!,
  // No attack: the page only watches clicks (the proof that the person's click on Add writes).
  'prompt-watch-clicks': `${PROMPT_LOG}
report();`,
  // Clickjacking: a decoy laid over the prompt with pointer-events: none, so the reader sees the
  // decoy ("▶ Play") while the click passes through to Tendril's button underneath. The decoy
  // follows the prompt.
  'prompt-cover': `${PROMPT_LOG}
state.covered = 0;
const PLAY = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="48" viewBox="0 0 120 48"><rect x="1" y="1" width="118" height="46" rx="8" fill="#c00"/><path d="M50 12 L74 24 L50 36 Z" fill="#fff"/></svg>');
const covers = new Map();
const place = () => {
  for (const host of prompts()) {
    let cover = covers.get(host);
    if (!cover) {
      cover = document.createElement('div');
      cover.className = 'hostile-cover';
      cover.style.cssText = 'position: fixed; z-index: 2147483647; pointer-events: none; background: center / 100% 100% no-repeat url("' + PLAY + '");';
      document.body.append(cover);
      covers.set(host, cover);
      state.covered++;
    }
    const r = host.getBoundingClientRect();
    Object.assign(cover.style, { left: r.left - 6 + 'px', top: r.top - 6 + 'px', width: r.width + 12 + 'px', height: r.height + 12 + 'px' });
  }
  for (const [host, cover] of covers) if (!host.isConnected) { cover.remove(); covers.delete(host); }
  if (state.covered) report();
};
watch(place);
setInterval(place, 100);`,
  // The prompt made (nearly) invisible by the page's own means: \`how=host-style\` restyles Tendril's
  // host through its style attribute (opacity 0.01 !important, beating the host's own inline
  // !important rules); \`root-filter\` puts filter: opacity(0.05) on <html>, the prompt's only ancestor.
  'prompt-fade': `${PROMPT_LOG}
state.faded = 0;
const how = q.get('how') || 'host-style';
const done = new WeakSet();
watch(() => {
  for (const host of prompts()) {
    if (done.has(host)) continue;
    done.add(host);
    if (how === 'root-filter') document.documentElement.style.filter = 'opacity(0.05)';
    else host.style.setProperty('opacity', '0.01', 'important');
    state.faded++;
  }
  if (state.faded) report();
});`,
  // On run(): Tendril's prompt taken out of the page (and again if it is ever drawn anew).
  // \`back=pointer\`: put back, where it was, the moment the pointer moves over the page — just before
  // the press, so the click lands on a prompt that has been on screen for a few milliseconds.
  'prompt-remove': `${PROMPT_LOG}
state.removed = 0;
state.putBack = 0;
const back = q.get('back') === 'pointer';
let removing = false;
const taken = [];
const take = () => {
  if (!removing) return;
  for (const host of prompts()) {
    taken.push({ host, parent: host.parentNode });
    host.remove();
    state.removed++;
  }
  if (state.removed) report();
};
watch(take);
if (back) {
  const putBack = () => {
    if (!removing || !taken.length) return;
    removing = false;
    for (const { host, parent } of taken.splice(0)) { parent.append(host); state.putBack++; }
    report();
  };
  document.addEventListener('pointermove', putBack, true);
  document.addEventListener('mousemove', putBack, true);
}
window.__hostile = { run() { removing = true; take(); } };`,
  // Untrusted events at Tendril: clicks, pointer and mouse events, key presses (Enter, Space) and
  // .click() on every tendril-ui host (and on the buttons inside, were its shadow root open), and
  // clicks at a grid of points over the prompt, at whatever the page's hit test finds there (the
  // host: its closed root hides the buttons).
  'prompt-synthetic': `${PROMPT_LOG}
const run = () => {
  const hosts = [...document.querySelectorAll('tendril-ui')];
  let dispatched = 0;
  let atPrompt = 0;
  let received = 0;
  let inner = 0;
  for (const host of hosts) host.addEventListener('click', (e) => { if (!e.isTrusted) received++; });
  const fire = (target, event) => { target.dispatchEvent(event); dispatched++; };
  const mouse = (type, x, y) => new MouseEvent(type, { bubbles: true, composed: true, cancelable: true, view: window, clientX: x, clientY: y, detail: 1, button: 0 });
  for (const host of hosts) {
    const r = host.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    for (const type of ['pointerover', 'pointerenter', 'mouseover', 'pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
      fire(host, type.startsWith('pointer') ? new PointerEvent(type, { bubbles: true, composed: true, cancelable: true, clientX: x, clientY: y, pointerType: 'mouse', isPrimary: true }) : mouse(type, x, y));
    }
    host.focus();
    for (const key of ['Enter', ' ']) {
      for (const type of ['keydown', 'keypress', 'keyup']) fire(host, new KeyboardEvent(type, { key, code: key === ' ' ? 'Space' : 'Enter', bubbles: true, composed: true, cancelable: true }));
      fire(document, new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    }
    host.click(); dispatched++;
    // Were the root ever open, the buttons themselves (a closed root keeps them out of reach).
    for (const button of host.shadowRoot ? host.shadowRoot.querySelectorAll('button') : []) {
      const b = button.getBoundingClientRect();
      for (const type of ['mousedown', 'mouseup', 'click']) fire(button, mouse(type, b.left + b.width / 2, b.top + b.height / 2));
      button.click(); dispatched++; inner++;
    }
  }
  for (const host of prompts()) {
    const r = host.getBoundingClientRect();
    for (let i = 1; i < 8; i++) for (let j = 1; j < 8; j++) {
      const x = r.left + (r.width * i) / 8, y = r.top + (r.height * j) / 8;
      const target = document.elementFromPoint(x, y);
      if (!target) continue;
      if (target === host) atPrompt++;
      for (const type of ['mousedown', 'mouseup', 'click']) fire(target, mouse(type, x, y));
    }
  }
  Object.assign(state, { hosts: hosts.length, prompts: prompts().length, dispatched, atPrompt, received, inner });
  report();
};
window.__hostile = { run };`,
  // The page draws its own "Tendril" prompt, a lookalike <tendril-ui data-tendril="backlink-prompt">
  // at the top left (\`look=open\`: in an open shadow root; \`plain\`: plain DOM) with an "Add a
  // backlink" button. Its click handler tries to pass the click on to Tendril: untrusted clicks at
  // the real prompt's host, .click() on it, and Tendril-shaped messages.
  'prompt-fake': `${PROMPT_LOG}
state.fakeClicks = [];
state.forwarded = 0;
const look = q.get('look') || 'open';
const fake = document.createElement('tendril-ui');
fake.setAttribute('data-tendril', 'backlink-prompt');
fake.setAttribute('data-hostile-fake', '');
fake.setAttribute('style', 'all: initial; position: fixed; left: 16px; top: 16px; z-index: 2147483647; display: block;');
const root = look === 'plain' ? fake : fake.attachShadow({ mode: 'open' });
const box = document.createElement('section');
box.setAttribute('style', 'font: 14px system-ui, sans-serif; background: #fff; color: #222; border: 1px solid #ccc; border-radius: 8px; padding: 12px 14px; width: 340px; box-shadow: 0 2px 10px rgba(0,0,0,.2);');
const lead = document.createElement('p');
lead.textContent = 'Tendril checked this post’s record: it links an eprint on Chive.';
const add = document.createElement('button');
add.type = 'button';
add.className = 'add';
add.textContent = 'Add a backlink to “this eprint” on Chive';
add.setAttribute('style', 'font: inherit; padding: 6px 10px;');
box.append(lead, add);
root.append(box);
const eprint = (document.querySelector('a[href*="chive.pub/eprints/"]') || {}).href || '';
add.addEventListener('click', (event) => {
  state.fakeClicks.push({ trusted: event.isTrusted });
  for (const host of prompts()) {
    const r = host.getBoundingClientRect();
    host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, detail: 1 }));
    host.click();
    state.forwarded += 2;
  }
  const message = { type: 'backlinks.add', eprint };
  window.postMessage(message, '*');
  document.dispatchEvent(new CustomEvent('backlinks.add', { detail: message, bubbles: true }));
  report();
});
document.documentElement.append(fake);
state.drawn = true;
report();`,
}

export const HOSTILE_SOURCE_SCRIPT_NAMES = Object.keys(SOURCE_PAGE_SCRIPTS)

/** The attack script for a source (bsky.app post) page variant, or undefined for an unknown name. */
export function hostileSourceScript(name: string): string | undefined {
  const script = SOURCE_PAGE_SCRIPTS[name]
  return script && `(() => {\n${PRELUDE}\n${script}\n})();`
}

export const HOSTILE_PAGE_NAMES = [...Object.keys(HOSTILE_PAGE_SCRIPTS), 'meta-refresh'] as const
export const HOSTILE_BUD_SCRIPT_NAMES = Object.keys(BUD_PAGE_SCRIPTS)

/** The attack script for a bud page variant, or undefined for an unknown name. */
export function hostileBudScript(name: string): string | undefined {
  const script = BUD_PAGE_SCRIPTS[name]
  return script && `(() => {\n${PRELUDE}\n${script}\n})();`
}

function isHttpUrl(value: string | null): value is string {
  try {
    return value !== null && ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

/** `hostile.example/<name>?to=<url>`. */
export function hostilePage(name: string, search: string): PageResponse {
  const to = new URLSearchParams(search).get('to')
  if (name === 'meta-refresh') {
    // No script at all: the browser itself navigates the tab.
    if (!isHttpUrl(to)) return notFoundPage(SITE, 'meta-refresh needs ?to=<http(s) url>', 400)
    return htmlResponse(
      200,
      page({
        title: 'Redirecting',
        head: html`<meta http-equiv="refresh" content="0;url=${to}">`,
        body: html`<p>Redirecting…</p>`,
      }),
    )
  }
  const script = HOSTILE_PAGE_SCRIPTS[name]
  if (!script) return notFoundPage(SITE, `No hostile page "${name}"`)
  return htmlResponse(
    200,
    page({
      title: `Hostile: ${name}`,
      body: html`<h1>${name}</h1><button id="attack" type="button">Attack</button>`,
      script: `(() => {\n${PRELUDE}\n${script}\n})();`,
    }),
  )
}

export function hostileIndex(): PageResponse {
  const names = [...HOSTILE_PAGE_NAMES]
  return htmlResponse(
    200,
    page({
      title: SITE,
      body: html`<h1>${SITE}</h1><p>Test-only pages that attack Tendril (tests/e2e/hostile).</p>
<ul>${names.map((n) => html`<li><a href="/${n}">${n}</a></li>`)}</ul>
<p>Bud page variants: <code>https://branchline.ink/bud/&lt;actor&gt;/&lt;rkey&gt;?hostile=</code>${HOSTILE_BUD_SCRIPT_NAMES.join(', ')}</p>
<p>Post page variants: <code>https://bsky.app/profile/&lt;actor&gt;/post/&lt;rkey&gt;?hostile=</code>${HOSTILE_SOURCE_SCRIPT_NAMES.join(', ')}</p>`,
    }),
  )
}

/** A beacon: nothing to show; the sandbox's request log is the record. CORS-open so `fetch` from
 * any page or extension context completes quietly. */
export function beaconResponse(): PageResponse {
  return { status: 204, body: '', headers: { 'access-control-allow-origin': '*' } }
}

// The inline script that makes the Branchline stand-in a single-page app like the real one
// (TanStack Router): same-site links to `/` and `/bud/…` are intercepted, the URL changes with
// `history.pushState` FIRST and the new content arrives afterwards from `?fragment=1` (JSON
// `{title, main, status}`), so for a moment the address bar names the new bud while the old list is
// still on screen, as on the real site while its loader runs. Back/forward (popstate) re-render
// the same way. `<html data-nav="loading|idle">` says which phase the page is in and a
// `branchline:navigated` event fires after each swap (both are sandbox conveniences for tests; the
// real site has neither, so the extension must not rely on them). `window.__sandboxNavigate(url)`
// starts an in-app navigation from a test. Falls back to a full load if the fetch fails.

export const BRANCHLINE_SPA_SCRIPT = `(() => {
  const root = document.documentElement;
  let seq = 0;
  const routable = (url) => url.origin === location.origin && (url.pathname === '/' || url.pathname.startsWith('/bud/'));
  async function show(href, push) {
    const target = new URL(href, location.href);
    const mine = ++seq;
    if (push) history.pushState({ spa: true }, '', target.href);
    root.setAttribute('data-nav', 'loading');
    const source = new URL(target.pathname + target.search, location.origin);
    source.searchParams.set('fragment', '1');
    let data;
    try {
      const res = await fetch(source, { headers: { accept: 'application/json' } });
      data = await res.json();
    } catch (err) {
      if (mine === seq) location.assign(target.href);
      return;
    }
    if (mine !== seq) return;
    const main = document.getElementById('app');
    main.innerHTML = data.main;
    main.setAttribute('data-status', String(data.status));
    document.title = data.title;
    const anchor = target.hash ? document.getElementById(decodeURIComponent(target.hash.slice(1))) : null;
    if (anchor) anchor.scrollIntoView();
    else if (push) window.scrollTo(0, 0);
    root.setAttribute('data-nav', 'idle');
    window.dispatchEvent(new CustomEvent('branchline:navigated', { detail: { url: target.href, status: data.status } }));
  }
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!a || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
    const url = new URL(a.href);
    if (!routable(url)) return;
    if (url.pathname === location.pathname && url.search === location.search) return;
    event.preventDefault();
    show(url.href, true);
  });
  window.addEventListener('popstate', () => show(location.href, false));
  window.__sandboxNavigate = (href) => show(href, true);
  root.setAttribute('data-nav', 'idle');
})();`

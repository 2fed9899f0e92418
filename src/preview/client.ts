/**
 * What the preview adds in the browser: a script that listens for new
 * versions of the page (server-sent events) and swaps them in without a
 * reload, keeping the paragraph at the top of the window where it was; shows
 * the positioned problems of a broken save over the last good page; and, on
 * hovering a paragraph, a link with its unit id and file:line that opens the
 * editor (vscode://file/…). Plus the style of those additions. Plain browser
 * JavaScript served as it is written here (no build step for the browser);
 * the page loads morphdom (served from its package) before it.
 */

export const PREVIEW_SCRIPT = String.raw`'use strict';
(() => {
  const body = document.body;
  const spec = body.dataset.spec;
  const root = (body.dataset.root || '').replace(/\\/g, '/').replace(/^(?!\/)/, '/');
  let generation = Number(body.dataset.generation || '0');
  const status = document.getElementById('sp-status');
  const count = document.getElementById('sp-count');

  const editorLink = (file, line, column) => 'vscode://file' + (file.startsWith('/') ? '' : root + '/') + file + ':' + line + ':' + (column || 1);

  // The paragraph at the top of the window, and where it stood, to keep it there across an update.
  const topAnchor = () => {
    const units = document.querySelectorAll('main [data-unit]');
    for (const el of units) {
      const r = el.getBoundingClientRect();
      if (r.bottom > 0 && r.height > 0) return { unit: el.dataset.unit, top: r.top };
    }
    return undefined;
  };
  const restore = (anchor) => {
    if (!anchor) return;
    const el = document.querySelector('main [data-unit="' + CSS.escape(anchor.unit) + '"]');
    if (el) window.scrollBy(0, el.getBoundingClientRect().top - anchor.top);
  };

  const setStatus = (text) => { if (status) status.textContent = text; };

  let overlay;
  const hideProblems = () => { if (overlay) overlay.hidden = true; };
  const showProblems = (problems) => {
    if (!overlay) {
      overlay = document.createElement('section');
      overlay.id = 'sp-overlay';
      overlay.setAttribute('role', 'alert');
      overlay.setAttribute('aria-label', 'Problems in the input');
      document.body.append(overlay);
    }
    overlay.replaceChildren();
    const head = document.createElement('h2');
    head.textContent = 'The input has errors; the page shows the last good version';
    const list = document.createElement('ul');
    for (const p of problems) {
      const item = document.createElement('li');
      item.className = p.severity;
      const where = document.createElement('a');
      where.href = editorLink(p.path, p.line, p.column);
      where.textContent = p.file + ':' + p.line + ':' + p.column;
      item.append(where, ' ' + p.severity + ' ' + p.message + ' (' + p.rule + ')');
      if (p.hint) {
        const hint = document.createElement('div');
        hint.className = 'sp-hint';
        hint.textContent = 'hint: ' + p.hint;
        item.append(hint);
      }
      list.append(item);
    }
    overlay.append(head, list);
    overlay.hidden = false;
    setStatus('errors in the input');
  };

  const applyPage = (page) => {
    hideProblems();
    setStatus('up to date');
    if (page.generation <= generation) return;
    const anchor = topAnchor();
    const template = document.createElement('template');
    template.innerHTML = page.main;
    const fresh = template.content.querySelector('main');
    const main = document.querySelector('main');
    if (!fresh || !main) return;
    // morphdom changes only the nodes that differ: the browser lays out the edited paragraph, not the whole page.
    window.morphdom(main, fresh);
    const style = document.getElementById('sp-page-style');
    if (style && style.textContent !== page.css) style.textContent = page.css;
    document.title = page.title;
    if (count) count.textContent = page.summary;
    restore(anchor);
    generation = page.generation;
    body.dataset.generation = String(generation);
    window.dispatchEvent(new CustomEvent('standpoint:updated', { detail: { generation } }));
  };

  const events = new EventSource('/_/events/' + encodeURIComponent(spec) + '?since=' + generation);
  events.addEventListener('page', (e) => applyPage(JSON.parse(e.data)));
  events.addEventListener('problems', (e) => showProblems(JSON.parse(e.data)));
  events.addEventListener('open', () => setStatus('up to date'));
  events.addEventListener('error', () => setStatus('disconnected; retrying'));

  // Hovering a paragraph shows its unit id and file:line as a link to the editor.
  const source = document.createElement('a');
  source.id = 'sp-source';
  source.hidden = true;
  document.body.append(source);
  let shown;
  document.addEventListener('mouseover', (e) => {
    const target = e.target;
    if (!(target instanceof Element) || source.contains(target)) return;
    const el = target.closest('main [data-unit]');
    if (!el) { source.hidden = true; shown = undefined; return; }
    if (el === shown) return;
    shown = el;
    const src = el.dataset.src;
    const m = src ? /^(.*):(\d+):(\d+)$/.exec(src) : null;
    source.textContent = el.dataset.unit + (m ? ' · ' + m[1] + ':' + m[2] : '');
    if (m) source.href = editorLink(m[1], m[2], m[3]);
    else source.removeAttribute('href');
    source.title = m ? 'open ' + m[1] + ' at line ' + m[2] + ' in the editor' : 'unit ' + el.dataset.unit;
    const r = el.getBoundingClientRect();
    source.hidden = false;
    source.style.left = Math.max(0, r.left + window.scrollX) + 'px';
    source.style.top = Math.max(0, r.top + window.scrollY - source.offsetHeight) + 'px';
  });
})();
`;

export const PREVIEW_CSS = `
html { scroll-padding-top: 3rem; }
.sp-toolbar { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center; padding: .35rem 1rem; background: #f3f4f6; border-bottom: 1px solid #c8ccd2; font: .85rem/1.4 system-ui, sans-serif; color: #1b1b1b; }
.sp-toolbar nav ul { display: flex; gap: .3rem; list-style: none; margin: 0; padding: 0; }
.sp-toolbar nav a { display: inline-block; padding: .1rem .5rem; border: 1px solid #9aa1ab; border-radius: 3px; color: #0b3d6b; text-decoration: none; }
.sp-toolbar nav a[aria-current="page"] { background: #0b3d6b; border-color: #0b3d6b; color: #fff; }
.sp-toolbar .sp-doc { font-weight: 600; }
#sp-count { color: #6b3a00; }
#sp-status { margin-left: auto; color: #3d4550; }
#sp-source { position: absolute; z-index: 20; font: .75rem/1.3 system-ui, sans-serif; background: #1f2933; color: #fff; padding: .1rem .4rem; border-radius: 3px; text-decoration: none; white-space: nowrap; }
#sp-source[href]:hover { text-decoration: underline; }
main [data-unit]:hover { outline: 1px dashed #9aa1ab; outline-offset: 2px; }
#sp-overlay { position: fixed; z-index: 30; left: 1rem; right: 1rem; bottom: 1rem; max-height: 50vh; overflow: auto; background: #fff; border: 2px solid #b00020; border-radius: 4px; box-shadow: 0 4px 16px rgb(0 0 0 / 25%); padding: .6rem 1rem; font: .85rem/1.45 ui-monospace, monospace; color: #1b1b1b; }
#sp-overlay h2 { font: 700 .95rem/1.3 system-ui, sans-serif; color: #b00020; margin: 0 0 .4rem; text-align: left; }
#sp-overlay ul { margin: 0; padding-left: 1.2rem; }
#sp-overlay a { color: #0b3d6b; }
#sp-overlay .sp-hint { color: #3d4550; }
.sp-file main { max-width: none; font: .85rem/1.45 ui-monospace, monospace; }
.sp-file ol { padding-left: 4em; }
.sp-file li { white-space: pre-wrap; }
.sp-file li:target { background: #fff2cc; }
@media print { .sp-toolbar, #sp-source, #sp-overlay { display: none; } }
`;

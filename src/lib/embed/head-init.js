// Runs in the <head> of every embed page before it is painted (a classic, blocking <script src>, so
// the CSP allows it without 'unsafe-inline'), right after theme-init.js: applies the colours and the
// reduced motion asked for in the address (?theme=light|dark, ?motion=reduce), so the widget never
// flashes in the wrong theme. The same rules as src/lib/embed/options.ts (a unit test checks both):
// first occurrence of a key wins, values are case-insensitive, anything else is ignored.
(function () {
  try {
    var params = new URLSearchParams(window.location.search);
    var root = document.documentElement;
    var theme = (params.get('theme') || '').trim().toLowerCase();
    if (theme === 'light' || theme === 'dark') root.setAttribute('data-theme', theme);
    var motion = (params.get('motion') || '').trim().toLowerCase();
    if (motion === 'reduce') root.setAttribute('data-reduced-motion', '');
  } catch (e) {
    /* an odd address: keep the defaults */
  }
})();

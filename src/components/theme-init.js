// Runs before the page is painted (a classic, blocking <script src> in <head>, so it is allowed by the
// CSP without 'unsafe-inline'): apply the reader's saved theme, if any, to avoid a flash of the wrong one.
// With no saved choice the CSS follows prefers-color-scheme by itself.
(function () {
  try {
    var saved = localStorage.getItem('emotion-lens:theme');
    if (saved === 'light' || saved === 'dark')
      document.documentElement.setAttribute('data-theme', saved);
  } catch (e) {
    /* storage blocked: keep the system theme */
  }
})();

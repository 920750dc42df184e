/*!
 * Emotion Lens — optional helper for pages that embed our widgets in an <iframe>.
 * It makes each Emotion Lens iframe exactly as tall as its content, so there is no inner scroll bar.
 * Without it the iframe keeps the height written in its code and scrolls inside: everything still works.
 *
 *   <iframe src="https://…/embed/live-demo/" title="…" height="720" allow="camera" …></iframe>
 *   <script src="https://…/embed.js" async></script>
 *
 * How: each embed page posts { source: "emotion-lens", type: "resize" | "ready", height } to this page
 * whenever its content's height changes. This script checks that the message comes from one of the
 * page's iframes and from that iframe's own origin, then sets that iframe's height. No dependencies,
 * no cookies, no requests; safe to include more than once.
 */
(function () {
  'use strict';
  if (window.__emotionLensEmbed) return;
  window.__emotionLensEmbed = true;

  var MIN = 150;
  var MAX = 20000;

  function frameFor(source) {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  function originOf(url) {
    try {
      return new URL(url, document.baseURI).origin;
    } catch (e) {
      return null;
    }
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.source !== 'emotion-lens') return;
    if (data.type !== 'resize' && data.type !== 'ready') return;
    var height = data.height;
    if (typeof height !== 'number' || !isFinite(height)) return;
    var frame = frameFor(event.source);
    if (!frame || originOf(frame.src) !== event.origin) return;
    var h = Math.max(MIN, Math.min(MAX, Math.ceil(height)));
    frame.style.height = h + 'px';
    frame.setAttribute('height', String(h));
  });
})();

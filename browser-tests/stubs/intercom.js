// Stub of Intercom's Messenger loader: it boots on the window's load event
// and reads window.intercomSettings then, so the page sets them in any
// script before that.
(function () {
  var calls = (window.__identifyCalls = window.__identifyCalls || []);
  var queued = function () { queued.q.push(arguments); };
  queued.q = [];
  window.Intercom = window.Intercom || queued;
  function boot() {
    // Booted even when the page's call threw, so the driver reports the error at once.
    try {
      var settings = window.intercomSettings;
      if (settings) {
        if (typeof settings.app_id !== 'string' || !settings.app_id) throw new Error('Intercom: app_id is required');
        calls.push({ vendor: 'intercom', call: 'intercomSettings', args: [JSON.parse(JSON.stringify(settings))] });
      }
    } finally {
      window.__widgetBooted = true;
    }
  }
  if (document.readyState === 'complete') setTimeout(boot, 0);
  else window.addEventListener('load', boot);
})();

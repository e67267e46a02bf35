// Stub of Pylon's widget loader: the widget reads window.pylon.chat_settings
// when it boots, after the page has loaded, so the page sets it in any
// script before then.
(function () {
  var calls = (window.__identifyCalls = window.__identifyCalls || []);
  window.Pylon = window.Pylon || function () { (window.Pylon.q = window.Pylon.q || []).push(arguments); };
  function boot() {
    // Booted even when the page's call threw, so the driver reports the error at once.
    try {
      var settings = window.pylon && window.pylon.chat_settings;
      if (settings) {
        if (typeof settings.app_id !== 'string' || !settings.app_id) throw new Error('Pylon: chat_settings.app_id is required');
        calls.push({ vendor: 'pylon', call: 'chat_settings', args: [JSON.parse(JSON.stringify(settings))] });
      }
    } finally {
      window.__widgetBooted = true;
    }
  }
  if (document.readyState === 'complete') setTimeout(boot, 0);
  else window.addEventListener('load', boot);
})();

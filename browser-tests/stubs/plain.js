// Stub of Plain's chat script (index.js): it defines window.Plain, and the
// page calls Plain.init({appId, customerDetails}) once it has loaded.
(function () {
  var calls = (window.__identifyCalls = window.__identifyCalls || []);
  window.Plain = {
    init: function (options) {
      if (!options || typeof options.appId !== 'string' || !options.appId) throw new Error('Plain.init: appId is required');
      calls.push({ vendor: 'plain', call: 'init', args: [JSON.parse(JSON.stringify(options))] });
    },
  };
  function boot() { window.__widgetBooted = true; }
  if (document.readyState === 'complete') setTimeout(boot, 0);
  else window.addEventListener('load', boot);
})();

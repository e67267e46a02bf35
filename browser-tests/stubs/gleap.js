// Stub of Gleap's snippet and SDK: Gleap.identify(userId, customerData,
// userHash) is queued in window.GleapActions until the SDK boots on the
// window's load event and runs the queue.
(function () {
  var calls = (window.__identifyCalls = window.__identifyCalls || []);
  var Gleap = (window.Gleap = []);
  window.GleapActions = [];
  ['identify', 'initialize', 'open'].forEach(function (method) {
    Gleap[method] = function () { window.GleapActions.push({ e: method, a: Array.prototype.slice.call(arguments) }); };
  });
  function run(method, args) {
    if (method !== 'identify') return;
    // Gleap documents the user id as a string.
    if (typeof args[0] !== 'string') throw new Error('Gleap.identify: the user id must be a string');
    calls.push({ vendor: 'gleap', call: 'identify', args: JSON.parse(JSON.stringify(args)) });
  }
  function boot() {
    // Booted even when the page's call threw, so the driver reports the error at once.
    try {
      Gleap.identify = function () { run('identify', Array.prototype.slice.call(arguments)); };
      window.GleapActions.forEach(function (action) { run(action.e, action.a); });
    } finally {
      window.__widgetBooted = true;
    }
  }
  if (document.readyState === 'complete') setTimeout(boot, 0);
  else window.addEventListener('load', boot);
})();

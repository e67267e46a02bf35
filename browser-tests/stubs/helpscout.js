// Stub of Help Scout's Beacon embed: window.Beacon queues its calls in
// Beacon.readyQueue until beacon-v2 boots on the window's load event and
// runs them; `identify` takes {name, email, signature} in secure mode.
(function () {
  var calls = (window.__identifyCalls = window.__identifyCalls || []);
  window.Beacon = function (method, options, data) {
    window.Beacon.readyQueue.push({ method: method, options: options, data: data });
  };
  window.Beacon.readyQueue = [];
  function run(method, options) {
    if (method === 'identify') {
      if (!options || typeof options.email !== 'string') throw new Error('Beacon identify: email is required');
      calls.push({ vendor: 'helpscout', call: 'identify', args: [JSON.parse(JSON.stringify(options))] });
    }
  }
  function boot() {
    // Booted even when the page's call threw, so the driver reports the error at once.
    try {
      var queue = window.Beacon.readyQueue;
      window.Beacon = function (method, options) { run(method, options); };
      queue.forEach(function (item) { run(item.method, item.options); });
    } finally {
      window.__widgetBooted = true;
    }
  }
  if (document.readyState === 'complete') setTimeout(boot, 0);
  else window.addEventListener('load', boot);
})();

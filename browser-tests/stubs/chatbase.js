// Stub of Chatbase's embed snippet and embed.min.js: window.chatbase queues
// its calls (also as chatbase.identify(...) through a Proxy) until the embed
// script boots on the window's load event and runs them.
(function () {
  var calls = (window.__identifyCalls = window.__identifyCalls || []);
  var queue = [];
  var queued = function () { queue.push(Array.prototype.slice.call(arguments)); };
  window.chatbase = new Proxy(queued, {
    get: function (target, prop) {
      if (prop === 'q') return queue;
      return function () { return window.chatbase.apply(null, [prop].concat(Array.prototype.slice.call(arguments))); };
    },
  });
  function run(method, properties) {
    if (method === 'getState') return 'initialized';
    if (method === 'identify') {
      if (!properties || typeof properties.user_id !== 'string') throw new Error('chatbase identify: user_id is required');
      calls.push({ vendor: 'chatbase', call: 'identify', args: [JSON.parse(JSON.stringify(properties))] });
    }
  }
  function boot() {
    // Booted even when the page's call threw, so the driver reports the error at once.
    try {
      window.chatbase = function (method, properties) { return run(method, properties); };
      queue.forEach(function (args) { run(args[0], args[1]); });
    } finally {
      window.__widgetBooted = true;
    }
  }
  if (document.readyState === 'complete') setTimeout(boot, 0);
  else window.addEventListener('load', boot);
})();

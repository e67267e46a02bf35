// Stub of Zendesk's messaging snippet (snippet.js, loaded synchronously):
// zE queues its calls until the Web Widget boots on the window's load event.
// Then `zE('messenger', 'loginUser', jwtCallback)` calls jwtCallback with a
// callback that takes the user's JWT.
(function () {
  var calls = (window.__identifyCalls = window.__identifyCalls || []);
  var queue = [];
  window.zE = function () { queue.push(Array.prototype.slice.call(arguments)); };
  function run(args) {
    if (args[0] !== 'messenger' || args[1] !== 'loginUser') return;
    if (typeof args[2] !== 'function') throw new Error('zE loginUser: the second argument must be a function');
    args[2](function (jwt) {
      if (typeof jwt !== 'string') throw new Error('zE loginUser: the JWT must be a string');
      calls.push({ vendor: 'zendesk', call: 'loginUser', args: [jwt] });
    });
  }
  function boot() {
    // Booted even when the page's call threw, so the driver reports the error at once.
    try {
      window.zE = function () { run(Array.prototype.slice.call(arguments)); };
      queue.forEach(run);
    } finally {
      window.__widgetBooted = true;
    }
  }
  if (document.readyState === 'complete') setTimeout(boot, 0);
  else window.addEventListener('load', boot);
})();

// Stub of Chatwoot's SDK (sdk.js). Like the real one it boots after the
// page has loaded, defines window.$chatwoot and then dispatches
// `chatwoot:ready` on window, so a page's setUser call must be inside a
// listener registered before that (as the core's script does).
(function () {
  var calls = (window.__identifyCalls = window.__identifyCalls || []);
  function record(call, args) {
    calls.push({ vendor: 'chatwoot', call: call, args: JSON.parse(JSON.stringify(args)) });
  }
  function boot() {
    // Booted even when the page's call threw, so the driver reports the error at once.
    try {
      window.$chatwoot = {
        // The checks of Chatwoot's own setUser.
        setUser: function (identifier, user) {
          if (typeof identifier !== 'string' && typeof identifier !== 'number') {
            throw new Error('Identifier should be a string or a number');
          }
          if (!user || !['avatar_url', 'email', 'name'].some(function (key) { return key in user; })) {
            throw new Error('User object should have one of the keys [avatar_url, email, name]');
          }
          record('setUser', [identifier, user]);
        },
      };
      window.dispatchEvent(new CustomEvent('chatwoot:ready'));
    } finally {
      window.__widgetBooted = true;
    }
  }
  if (document.readyState === 'complete') setTimeout(boot, 0);
  else window.addEventListener('load', boot);
})();

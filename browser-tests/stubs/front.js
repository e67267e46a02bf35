// Stub of Front's chat.bundle.js, which the page loads synchronously
// before it calls window.FrontChat('init', {chatId, ...}).
(function () {
  var calls = (window.__identifyCalls = window.__identifyCalls || []);
  window.FrontChat = function (command, params) {
    if (command !== 'init') return;
    if (!params || typeof params.chatId !== 'string' || !params.chatId) throw new Error('FrontChat init: chatId is required');
    calls.push({ vendor: 'front', call: 'init', args: [JSON.parse(JSON.stringify(params))] });
  };
  function boot() { window.__widgetBooted = true; }
  if (document.readyState === 'complete') setTimeout(boot, 0);
  else window.addEventListener('load', boot);
})();

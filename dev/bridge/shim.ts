// The google.script.run / google.script.host stand-in injected into pages served by the bridge: calls go over
// HTTP to the emulator, with the client API's rules (handlers called asynchronously, Dates/functions refused).

/** Browser JavaScript (ES2017, no dependencies) defining `window.google.script`; `base` is the bridge's mount path. */
export function shimScript(base: string, page: string): string {
  return `(function () {
  'use strict';
  var BASE = ${JSON.stringify(base)};
  var PAGE = ${JSON.stringify(page)};
  var hostCalls = [];
  window.__googleScriptHostCalls = hostCalls;

  // google.script.run refuses Dates, functions and DOM nodes anywhere in an argument (apart from a lone form).
  function findIllegal(value, seen) {
    if (value === null || typeof value !== 'object') return typeof value === 'function' ? 'a function' : null;
    if (value instanceof Date) return 'a Date';
    if (typeof Node !== 'undefined' && value instanceof Node) return 'a DOM element';
    if (seen.indexOf(value) >= 0) return 'a circular reference';
    seen.push(value);
    var keys = Object.keys(value);
    for (var i = 0; i < keys.length; i++) {
      var found = findIllegal(value[keys[i]], seen);
      if (found) return found;
    }
    seen.pop();
    return null;
  }

  function invoke(name, args, success, failure, userObject) {
    var list = Array.prototype.slice.call(args);
    var illegal = null;
    for (var i = 0; i < list.length && !illegal; i++) illegal = findIllegal(list[i], []);
    var request = illegal
      ? Promise.resolve({ ok: false, error: 'Failed due to illegal value in argument: ' + illegal + ' cannot be sent to the server.' })
      : fetch(BASE + '/rpc/' + encodeURIComponent(name), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ args: list.map(function (a) { return a === undefined ? null : a; }) }),
        }).then(function (response) {
          return response.json();
        });
    request
      .catch(function (error) {
        return { ok: false, error: 'NetworkError: connection failure (' + (error && error.message) + ')' };
      })
      .then(function (reply) {
        setTimeout(function () {
          if (reply.ok) {
            if (success) success(reply.value === undefined ? undefined : reply.value, userObject);
          } else {
            var error = new Error(reply.error);
            if (failure) failure(error, userObject);
            else console.error('Uncaught (in google.script.run ' + name + ')', error);
          }
        }, 0);
      });
  }

  function runner(success, failure, userObject) {
    var api = {
      withSuccessHandler: function (f) { return runner(f, failure, userObject); },
      withFailureHandler: function (f) { return runner(success, f, userObject); },
      withUserObject: function (o) { return runner(success, failure, o); },
    };
    return new Proxy(api, {
      get: function (target, name) {
        if (typeof name !== 'string') return undefined;
        if (Object.prototype.hasOwnProperty.call(target, name)) return target[name];
        return function () { invoke(name, arguments, success, failure, userObject); };
      },
    });
  }

  function record(call, arg) {
    var entry = { page: PAGE, call: call, arg: arg === undefined ? null : arg, at: new Date().toISOString() };
    hostCalls.push(entry);
    fetch(BASE + '/host/' + call, { method: 'POST', keepalive: true, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(entry) })
      .catch(function () {});
    if (window.parent && window.parent !== window) window.parent.postMessage({ source: 'google.script.host', page: PAGE, call: call, arg: entry.arg }, '*');
  }

  window.google = window.google || {};
  window.google.script = {
    run: runner(null, null, undefined),
    host: {
      origin: location.origin,
      close: function () { record('close'); },
      setHeight: function (h) { record('setHeight', h); },
      setWidth: function (w) { record('setWidth', w); },
      editor: { focus: function () { record('editor.focus'); } },
    },
  };
})();`;
}

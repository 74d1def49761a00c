// Web chat: talks to POST /api/chat and polls GET /api/chat/inbox. No build step, no libraries.
(function () {
  'use strict';
  var log = document.getElementById('log');
  var input = document.getElementById('input');
  var params = new URLSearchParams(location.search);
  if (params.get('token')) localStorage.setItem('qnbot.token', params.get('token'));
  var user = localStorage.getItem('qnbot.user');
  if (!user) {
    user = 'web-' + Math.random().toString(36).slice(2) + Date.now().toString(36);
    localStorage.setItem('qnbot.user', user);
  }

  function headers() {
    var h = { 'content-type': 'application/json' };
    var token = localStorage.getItem('qnbot.token');
    if (token) h.authorization = 'Bearer ' + token;
    return h;
  }

  // Media the bot serves itself are loaded from this page's origin, whatever PUBLIC_BASE_URL says.
  function safeUrl(url) {
    try {
      var u = new URL(url, location.href);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
      if (u.pathname.indexOf('/media/') === 0) return u.pathname + u.search; // keeps the link's signature
      return u.href;
    } catch (e) { return null; }
  }

  function bubble(cls) {
    var div = document.createElement('div');
    div.className = 'msg ' + cls;
    log.appendChild(div);
    return div;
  }

  function show(part) {
    var div = bubble('bot');
    if (part.type === 'text') div.textContent = part.text;
    else if (part.type === 'buttons') {
      var p = document.createElement('div');
      p.textContent = part.text;
      div.appendChild(p);
      var row = document.createElement('div');
      row.className = 'buttons';
      part.buttons.forEach(function (b) {
        var btn = document.createElement('button');
        btn.type = 'button';
        btn.className = 'btn';
        btn.textContent = b.title;
        btn.setAttribute('data-payload', b.payload);
        row.appendChild(btn);
      });
      div.appendChild(row);
    } else if (part.type === 'image') {
      var src = safeUrl(part.url);
      if (!src) return;
      var img = document.createElement('img');
      img.src = src;
      img.alt = part.alt || '';
      div.appendChild(img);
    } else if (part.type === 'link') {
      var href = safeUrl(part.url);
      if (!href) return;
      var a = document.createElement('a');
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener';
      a.textContent = '🔗 ' + part.title;
      div.appendChild(a);
    } else if (part.type === 'audio') {
      var asrc = safeUrl(part.url);
      if (!asrc) return;
      var audio = document.createElement('audio');
      audio.controls = true;
      audio.preload = 'none';
      audio.src = asrc;
      div.appendChild(audio);
    }
    log.scrollTop = log.scrollHeight;
  }

  function fail(message) {
    var div = document.createElement('div');
    div.className = 'error';
    div.textContent = message;
    log.appendChild(div);
  }

  function send(text, payload, shown) {
    bubble('me').textContent = shown;
    var body = { user: user, text: text };
    if (payload) body.payload = payload;
    return fetch('/api/chat', { method: 'POST', headers: headers(), body: JSON.stringify(body) })
      .then(function (res) { return res.json().then(function (data) { return { ok: res.ok, data: data }; }); })
      .then(function (r) {
        if (!r.ok) return fail((r.data.error && r.data.error.message) || 'Lỗi');
        r.data.messages.forEach(show);
      })
      .catch(function () { fail('Mất kết nối. Bạn thử lại.'); });
  }

  document.getElementById('form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text, null, text);
  });

  document.body.addEventListener('click', function (ev) {
    var btn = ev.target.closest('button[data-payload]');
    if (btn) send('', btn.getAttribute('data-payload'), btn.textContent);
  });

  // A helper's replies during a handoff arrive outside a turn: poll for them.
  function poll() {
    fetch('/api/chat/inbox?user=' + encodeURIComponent(user), { headers: headers() })
      .then(function (res) { return res.ok ? res.json() : { messages: [] }; })
      .then(function (data) { data.messages.forEach(show); })
      .catch(function () {})
      .then(function () { setTimeout(poll, 4000); });
  }
  setTimeout(poll, 4000);
})();

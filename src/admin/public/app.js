import { api, setCsrf, ApiError } from './api.js';
import { $, fill } from './dom.js';
import { knowledgeView } from './knowledge.js';
import { missedView } from './missed.js';
import { casesView } from './cases.js';
import { statsView } from './stats.js';
import { translationsView } from './translations.js';
import { teamsView } from './teams.js';

const views = { knowledge: knowledgeView, missed: missedView, cases: casesView, stats: statsView, translations: translationsView, teams: teamsView };
let me = null;
const ROLE_NAMES = { admin: 'quản trị', editor: 'biên tập', team: 'tổ hỗ trợ', translator: 'người dịch' };

function allowed(button) {
  return me && button.dataset.roles.split(' ').includes(me.role);
}

/** Shows one view; each view module renders itself into its section when opened. */
export async function show(name, arg) {
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== `${name}-view`;
  for (const b of document.querySelectorAll('#tabs button')) b.classList.toggle('active', b.dataset.view === name);
  if (views[name]) await views[name]($(`#${name}-view`), { show, me, arg });
}

function signedIn(user) {
  me = user;
  setCsrf(user.csrf);
  fill($('#who'), `${user.user} (${ROLE_NAMES[user.role] ?? user.role}${user.lang ? `: ${user.lang}` : ''})`);
  $('#logout').hidden = false;
  $('#tabs').hidden = false;
  const tabs = [...document.querySelectorAll('#tabs button')];
  for (const b of tabs) b.hidden = !allowed(b);
  const first = tabs.find((b) => allowed(b) && b.dataset.home?.split(' ').includes(me.role)) ?? tabs.find(allowed);
  return show(first ? first.dataset.view : 'stats');
}

function signedOut() {
  me = null;
  $('#tabs').hidden = true;
  $('#logout').hidden = true;
  fill($('#who'));
  show('login');
}

$('#login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  fill($('#login-error'));
  try {
    await signedIn(await api('POST', '/login', { user: $('#login-user').value, password: $('#login-password').value }));
    $('#login-password').value = '';
  } catch (err) {
    fill($('#login-error'), err.status === 429 ? 'Quá nhiều lần thử. Đợi một phút rồi thử lại.' : err.status === 401 ? 'Sai tên đăng nhập hoặc mật khẩu.' : err.message);
  }
});

$('#logout').addEventListener('click', async () => {
  await api('POST', '/logout').catch(() => undefined);
  signedOut();
});

for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => show(b.dataset.view));

window.addEventListener('unhandledrejection', (ev) => {
  if (ev.reason instanceof ApiError && ev.reason.status === 401) signedOut();
});

api('GET', '/me').then(signedIn, signedOut);

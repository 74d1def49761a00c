import { api } from './api.js';
import { h, fill, when } from './dom.js';
import { CHANNEL_NAMES } from './labels.js';

const CHANNELS = ['zalo', 'zalo-oa', 'messenger', 'botframework', 'api'];
const LANGS = { vi: 'Tiếng Việt', tay: 'Tày', dao: 'Dao', en: 'English' };
const ROLES = { member: 'Thành viên tổ (các xã của mình)', admin: 'Cán bộ tỉnh (mọi xã, nhận ca chuyển lên)' };

/** The teams tab: who serves which commune, editable, and the communes nobody serves. */
export async function teamsView(root) {
  const status = h('p', { id: 'teams-status', role: 'status' });
  const uncovered = h('div', { id: 'teams-uncovered' });
  const failures = h('div', { id: 'teams-failures' });
  const list = h('div', { id: 'teams-members', class: 'cards' });
  let data;

  async function refresh() {
    data = await api('GET', '/teams');
    fill(failures, data.notifyFailures.length ? [
      h('h3', { class: 'error' }, `Thông báo không gửi được (${data.notifyFailures.length})`),
      h('ul', { class: 'failures' }, data.notifyFailures.slice(0, 10).map((f) => h('li', {},
        `Không gửi được thông báo cho ${f.name}: ${f.reason}, lúc ${when(f.at)}`, f.caseId ? ` (ca #${f.caseId})` : '')))] : '');
    fill(uncovered,
      h('h3', {}, `Xã chưa có ai hỗ trợ (${data.uncovered.length}/${data.communes.length}): ca ở đây chuyển lên cán bộ tỉnh`),
      h('p', {}, data.uncovered.map((c) => h('span', { class: 'chip bad' }, c.name))));
    fill(list, data.members.map(memberCard), memberCard(null));
  }

  function memberCard(m) {
    const isNew = m === null;
    m ??= { id: '', channel: 'zalo', name: '', communes: [], languages: ['vi'], role: 'member' };
    const name = h('input', { class: 'm-name', value: m.name, required: true });
    const id = h('input', { class: 'm-id', value: m.id, required: true });
    const channel = h('select', { class: 'm-channel' }, CHANNELS.map((c) => h('option', { value: c, selected: c === m.channel }, CHANNEL_NAMES[c] ?? c)));
    const role = h('select', { class: 'm-role' }, Object.entries(ROLES).map(([v, n]) => h('option', { value: v, selected: v === m.role }, n)));
    const communes = h('select', { class: 'm-communes', multiple: true, size: 6 },
      data.communes.map((c) => h('option', { value: c.code, selected: m.communes.includes(c.code) }, `${c.name}${c.members.length ? '' : ' (chưa có ai)'}`)));
    const langs = Object.entries(LANGS).map(([v, n]) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', value: v, checked: (m.languages ?? []).includes(v) }), n));
    const note = h('span', { role: 'status' });
    const body = () => ({
      id: id.value.trim(), channel: channel.value, name: name.value.trim(), role: role.value,
      communes: [...communes.selectedOptions].map((o) => o.value),
      languages: langs.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value),
    });
    async function save() {
      try {
        if (isNew) await api('POST', '/teams/members', body());
        else await api('PUT', `/teams/members/${m.index}?baseHash=${encodeURIComponent(data.hash)}`, body());
        const done = isNew ? `Đã thêm ${body().name}.` : `Đã lưu ${body().name}.`;
        await refresh(); // the status says "saved" only once the lists show the change
        fill(status, h('span', { class: 'ok' }, done));
      } catch (err) {
        fill(note, h('span', { class: 'error' }, err.message));
      }
    }
    async function test() {
      fill(note, 'Đang gửi tin thử…');
      try {
        const res = await api('POST', `/teams/members/${m.index}/test`);
        if (res.sent) fill(note, h('span', { class: 'ok test-result' }, `Đã gửi tin thử tới ${m.name}: nền tảng đã nhận tin.`));
        else if (res.status === 'pending') fill(note, h('span', { class: 'test-result' }, `Đang gửi tin thử tới ${m.name}: nền tảng chưa trả lời. Nếu không gửi được, lỗi sẽ hiện ở đầu trang.`));
        else if (res.status === 'retrying') fill(note, h('span', { class: 'error test-result' }, `Chưa gửi được tin thử tới ${m.name}: ${res.reason}. Hệ thống sẽ tự gửi lại.`));
        else {
          await refresh();
          fill(status, h('span', { class: 'error' }, `Không gửi được tin thử cho ${m.name}: ${res.reason}`));
        }
      } catch (err) {
        fill(note, h('span', { class: 'error' }, err.message));
      }
    }
    async function remove() {
      if (!confirm(`Xoá ${m.name} khỏi tổ?`)) return;
      await api('DELETE', `/teams/members/${m.index}`).then(refresh, (err) => fill(note, h('span', { class: 'error' }, err.message)));
    }
    return h('form', { class: `card member${isNew ? ' new' : ''}`, dataset: { id: m.id }, on: { submit: (ev) => { ev.preventDefault(); save(); } } },
      h('h3', {}, isNew ? '+ Thêm thành viên' : m.name),
      h('label', {}, 'Tên hiển thị với người dân', name),
      h('div', { class: 'row2' }, h('label', {}, 'Kênh chat', channel), h('label', {}, 'Mã người dùng trên kênh', id)),
      h('label', {}, 'Vai trò', role),
      h('label', {}, 'Các xã phụ trách (giữ Ctrl để chọn nhiều)', communes),
      h('fieldset', {}, h('legend', {}, 'Tiếng nói được'), langs),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary m-save' }, isNew ? 'Thêm' : 'Lưu'),
        isNew ? null : h('button', { type: 'button', class: 'm-test', on: { click: test } }, 'Gửi tin thử'),
        isNew ? null : h('button', { type: 'button', class: 'm-delete', on: { click: remove } }, 'Xoá'), note));
  }

  fill(root, h('div', { class: 'card' }, h('h2', {}, 'Tổ công nghệ số cộng đồng'), h('p', { class: 'muted' }, 'Ai trả lời người dân ở xã nào. Lưu là chatbot dùng ngay (trong vòng 1 giây).'), status, failures, uncovered), list);
  await refresh();
}

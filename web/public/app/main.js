// The dashboard: a hash router over the pages, the login form and the session bar.
import { currentUser, login, logout, restore } from './api.js';
import { h, toast } from './dom.js';
import { pages } from './pages.js';

const main = document.getElementById('main');

function showChrome(user) {
  document.getElementById('nav').hidden = !user;
  document.getElementById('who').hidden = !user;
  document.getElementById('user').textContent = user ? `${user.username} (${user.role}${user.agency ? ', ' + user.agency : ''})` : '';
  for (const a of document.querySelectorAll('#nav a[data-role]')) {
    a.hidden = !user || !a.dataset.role.split(' ').includes(user.role);
  }
  const purpose = document.getElementById('purpose');
  purpose.value = sessionStorage.getItem('kinlink.purpose') || '';
  purpose.onchange = () => sessionStorage.setItem('kinlink.purpose', purpose.value);
}

function loginPage() {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'login', 'aria-label': 'Log in' },
    h('h1', {}, 'Log in to kinlink'),
    h('label', {}, 'Username', h('input', { name: 'username', autocomplete: 'username', required: true })),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password',
      autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit' }, 'Log in'), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const data = await login(form.username.value, form.password.value);
      showChrome(data.user);
      location.hash = '#/search';
      route();
    } catch (err) {
      error.textContent = err.message;
    }
  });
  main.replaceChildren(form);
  form.username.focus();
}

async function route() {
  const user = currentUser();
  const [, name = 'search', ...rest] = (location.hash || '#/search').slice(1).split('/');
  if (!user) return loginPage();
  for (const a of document.querySelectorAll('#nav a')) {
    a.toggleAttribute('aria-current', a.getAttribute('href') === `#/${name}`);
  }
  const page = pages[name] || pages.search;
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  try {
    const content = await page(rest.map(decodeURIComponent), user);
    main.replaceChildren(content);
  } catch (err) {
    if (err.status === 401) {
      toast('Your session ended; log in again.', 'error');
      await logout();
      showChrome(null);
      return loginPage();
    }
    main.replaceChildren(h('div', { class: 'error', role: 'alert' },
      h('h1', {}, err.status === 403 ? 'Not allowed' : 'Something went wrong'), h('p', {}, err.message)));
  }
  main.focus();
}

document.getElementById('logout').addEventListener('click', async () => {
  await logout();
  showChrome(null);
  location.hash = '#/login';
  loginPage();
});
window.addEventListener('hashchange', route);

const user = await restore();
showChrome(user);
route();

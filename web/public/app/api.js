// The JSON API client: the session cookie is HttpOnly, the CSRF token is kept for this tab, and
// every record read carries the stated purpose in X-Purpose.
const state = { csrf: sessionStorage.getItem('kinlink.csrf') || '', user: null };

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function purpose() {
  return document.getElementById('purpose').value.trim();
}

export async function api(path, { method = 'GET', body, needsPurpose = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
  if (needsPurpose) {
    const p = purpose();
    if (p.length < 3) {
      throw new ApiError(400, 'purpose_required',
        'State the purpose of this access in the "Purpose of access" field first.');
    }
    headers['X-Purpose'] = p;
  }
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || 'error', err.message || res.statusText);
  }
  return data;
}

export async function login(username, password) {
  const data = await api('/api/session', { method: 'POST', body: { username, password } });
  setSession(data);
  return data;
}

export async function restore() {
  try {
    setSession(await api('/api/session'));
  } catch {
    state.user = null;
  }
  return state.user;
}

export async function logout() {
  try { await api('/api/session', { method: 'DELETE' }); } catch { /* already gone */ }
  state.user = null;
  state.csrf = '';
  sessionStorage.removeItem('kinlink.csrf');
}

function setSession(data) {
  state.user = data.user;
  state.csrf = data.csrf_token;
  sessionStorage.setItem('kinlink.csrf', state.csrf);
}

export function currentUser() {
  return state.user;
}

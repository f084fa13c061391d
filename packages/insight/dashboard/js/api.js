// Calls to the serve API, and the page's error line.
import { clear, shown } from './safe-dom.js';

const UNREACHABLE =
  'Cannot reach the dashboard server: is `logbook serve` still running? This page reloads when it is back.';

export async function api(path, init) {
  // fetch() rejects only when there is no answer at all (server stopped or restarting); say so, not "Failed to fetch".
  const res = await fetch(path, { credentials: 'same-origin', ...init }).catch(() => {
    throw new Error(UNREACHABLE);
  });
  const body = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
  if (!res.ok) throw new Error(body.error ?? `${res.status} ${res.statusText}`);
  return body;
}

export function showError(message) {
  const box = document.getElementById('error');
  if (!message) {
    box.hidden = true;
    clear(box);
    return;
  }
  clear(box);
  box.append(document.createTextNode(shown(message)));
  box.hidden = false;
}

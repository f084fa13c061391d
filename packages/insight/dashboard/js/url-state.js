// The view and its filters live in the URL, so any view can be bookmarked and shared.
import { load } from './loading.js';

export function params() {
  return new URLSearchParams(location.search);
}

export function filterTerms() {
  return params().getAll('f');
}

export function apiQuery(extra = {}) {
  const q = new URLSearchParams();
  for (const f of filterTerms()) q.append('f', f);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function navigate(mutate) {
  const q = params();
  mutate(q);
  const s = q.toString();
  history.pushState({ logbook: true }, '', `${location.pathname}${s ? `?${s}` : ''}`);
  void load();
}

export function addFilter(key, v) {
  const term = `${key}=${v}`;
  navigate((q) => {
    if (!q.getAll('f').includes(term)) q.append('f', term);
    q.delete('incident');
  });
}

export function removeFilter(term) {
  navigate((q) => {
    const rest = q.getAll('f').filter((f) => f !== term);
    q.delete('f');
    for (const f of rest) q.append('f', f);
  });
}

export function currentView() {
  const q = params();
  if (q.get('incident')) return 'incident';
  return q.get('view') === 'requests' ? 'requests' : 'overview';
}

/** The app's only routes, kept in the URL hash so a wall screen reload lands on the same view. */
export type Route = { view: 'home' } | { view: 'ward'; wardId: string } | { view: 'patient'; wardId: string; patientId: string } | { view: 'history'; wardId: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'ward' && parts[1]) {
    if (parts[2] === 'patient' && parts[3]) return { view: 'patient', wardId: parts[1], patientId: parts[3] };
    if (parts[2] === 'history') return { view: 'history', wardId: parts[1] };
    return { view: 'ward', wardId: parts[1] };
  }
  return { view: 'home' };
}

export function routeHash(route: Route): string {
  if (route.view === 'ward') return `#/ward/${encodeURIComponent(route.wardId)}`;
  if (route.view === 'history') return `#/ward/${encodeURIComponent(route.wardId)}/history`;
  if (route.view === 'patient') return `#/ward/${encodeURIComponent(route.wardId)}/patient/${encodeURIComponent(route.patientId)}`;
  return '#/';
}
